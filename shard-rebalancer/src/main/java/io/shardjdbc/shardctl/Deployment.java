package io.shardjdbc.shardctl;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.topology.MetadataStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/** The config a command was given and, when it names one, its metadata store (opened on first use). */
final class Deployment implements AutoCloseable {
    private final ShardConfig config;
    private MetadataStore store;

    private Deployment(ShardConfig config) {
        this.config = config;
    }

    /** Loads the config file ({@code ${ENV}} references resolved as the driver does). */
    static Deployment load(Path file) {
        return new Deployment(ConfigLoader.load(file));
    }

    ShardConfig config() { return config; }

    boolean hasStore() { return config.metadata() != null; }

    /** Where the store is, for people (secrets removed). */
    String storeDescription() { return hasStore() ? Redact.url(config.metadata().url()) : null; }

    /** The metadata store; fails when the config has no {@code metadata:} section. */
    MetadataStore store() throws SQLException {
        if (store == null) {
            if (!hasStore()) {
                throw new SQLException(config.source() + " has no metadata: section, and the directory lives in the "
                        + "metadata store; add metadata: { url: ... }", "08001");
            }
            store = MetadataStores.open(config.metadata());
        }
        return store;
    }

    /** The table that owns the placement of {@code table} (itself unless co-located); null when the config does not list it. */
    TableSpec root(String table) {
        TableSpec t = config.tables().get(table.toLowerCase(Locale.ROOT));
        while (t != null && t.colocate() != null) t = config.tables().get(t.colocate().toLowerCase(Locale.ROOT));
        return t;
    }

    @Override
    public void close() throws SQLException {
        if (store != null) store.close();
    }
}
