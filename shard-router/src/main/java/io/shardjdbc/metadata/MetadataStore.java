package io.shardjdbc.metadata;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * The shared home of placement state and directory entries that many drivers, the directory HTTP
 * service and {@code shardctl} read and write. Implemented over a database (PostgreSQL, MySQL /
 * MariaDB, H2) and over the directory HTTP service; both live in {@code directory-service}. Every
 * method is thread safe. Directory keys travel as the canonical text of the key value
 * ({@code KeyType.canonical}), so 5, 5L and "5" are one key.
 */
public interface MetadataStore extends AutoCloseable {
    /** The current topology version: one cheap read, called by drivers that watch for changes. */
    long version() throws SQLException;

    /** The current placement state with the version it was published as; null when none was published yet. */
    PlacementState placement() throws SQLException;

    /**
     * Publishes a new placement state if the current version is still {@code expectedVersion}
     * (0 for the first publish) and returns the new version; otherwise fails with SQLState 40001
     * naming both versions, so concurrent publishers never overwrite each other.
     */
    long publish(PlacementState next, long expectedVersion) throws SQLException;

    /** The shards of the given keys of one directory, in one round trip; unknown keys are absent from the map. */
    Map<String, String> lookup(String directory, Collection<String> keys) throws SQLException;

    /**
     * Puts {@code key} on {@code shard} unless the key already has a shard, and returns the shard it
     * is on afterwards: exactly one assignment wins however many threads or processes race. A shard
     * that the published topology does not list is refused with SQLState 23503 (before the first
     * publish any shard name is taken).
     */
    String assign(String directory, String key, String shard) throws SQLException;

    /** How many keys of a directory each shard holds (shards with none may be absent). */
    Map<String, Long> keysPerShard(String directory) throws SQLException;

    @Override
    void close() throws SQLException;
}
