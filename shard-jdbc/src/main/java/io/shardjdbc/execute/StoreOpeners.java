package io.shardjdbc.execute;

import java.sql.SQLFeatureNotSupportedException;

/** How a runtime opens the metadata store its config names. */
final class StoreOpeners {
    private StoreOpeners() { }

    /** Opens {@code metadata.url}: a database (jdbc:) or the directory service (http:). */
    static final TopologySource.StoreOpener DEFAULT = config -> {
        throw new SQLFeatureNotSupportedException("this build has no metadata store implementation; pass a MetadataStore "
                + "to ShardDataSource", "0A000");
    };
}
