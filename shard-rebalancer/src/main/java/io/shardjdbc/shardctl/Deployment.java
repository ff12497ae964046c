package io.shardjdbc.shardctl;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/** The config a command was given and, when it names one, its metadata store (opened on first use). */
final class Deployment implements AutoCloseable {
    private final ShardConfig config;
    private final ShardConnections shards;
    private MetadataStore store;

    private Deployment(ShardConfig config, Duration shardTimeout) {
        this.config = config;
        this.shards = new ShardConnections(config, shardTimeout, this::storeUrl);
    }

    /**
     * Loads the config file ({@code ${ENV}} references resolved as the driver does); a shard may stay
     * silent at most {@code shardTimeout} before it is reported as not answering.
     */
    static Deployment load(Path file, Duration shardTimeout) {
        return new Deployment(ConfigLoader.load(file), shardTimeout);
    }

    ShardConfig config() { return config; }

    /** Connections to the shards, for commands that read them directly. */
    ShardConnections shards() { return shards; }

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

    /** The URL the store lists for {@code shard}, or null (no store, or the store does not list it). */
    private String storeUrl(String shard) throws SQLException {
        if (!hasStore()) return null;
        PlacementState p = store().placement();
        if (p == null) return null;
        for (PlacementState.ShardEntry e : p.shards()) if (e.name().equals(shard)) return e.url();
        return null;
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
