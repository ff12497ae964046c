package io.shardjdbc.execute;

import io.shardjdbc.metadata.MetadataStoreFactory;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** How a runtime opens the metadata store its config names. */
final class StoreOpeners {
    private StoreOpeners() { }

    /**
     * Opens {@code metadata.url} with the store implementation on the classpath (found through
     * {@link ServiceLoader}; {@code io.shardjdbc:directory-service} provides one): a {@code jdbc:} URL opens
     * the store on that database (credentials in the URL, e.g. {@code ?user=...&password=${META_PASSWORD}}),
     * an {@code http(s)://} URL the directory service.
     */
    static final TopologySource.StoreOpener DEFAULT =
            config -> factory(StoreOpeners.class.getClassLoader()).open(config.metadata());

    /** The store implementation {@code loader} offers; fails naming the artifact to add when it offers none. */
    static MetadataStoreFactory factory(ClassLoader loader) throws SQLException {
        try {
            Iterator<MetadataStoreFactory> found = ServiceLoader.load(MetadataStoreFactory.class, loader).iterator();
            if (found.hasNext()) return found.next();
        } catch (ServiceConfigurationError e) {
            throw new SQLException("the metadata store implementation on the classpath cannot be loaded: " + e.getMessage(),
                    "08001", e);
        }
        throw new SQLException("the config has a metadata: section but no metadata store is on the classpath: add the "
                + "artifact io.shardjdbc:directory-service (same version as shard-jdbc) to the application", "08001");
    }
}
