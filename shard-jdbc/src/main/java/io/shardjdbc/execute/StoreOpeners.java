package io.shardjdbc.execute;

import io.shardjdbc.directory.MetadataStores;

/** How a runtime opens the metadata store its config names. */
final class StoreOpeners {
    private StoreOpeners() { }

    /**
     * Opens {@code metadata.url} with the directory-service's factory: a {@code jdbc:} URL opens the store
     * on that database (credentials in the URL, e.g. {@code ?user=...&password=${META_PASSWORD}}).
     */
    static final TopologySource.StoreOpener DEFAULT = config -> MetadataStores.open(config.metadata());
}
