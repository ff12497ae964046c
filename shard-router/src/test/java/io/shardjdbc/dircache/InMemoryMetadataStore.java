package io.shardjdbc.dircache;

import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A metadata store in memory, for router tests without a database: it keeps the contract of
 * {@link MetadataStore} (compare-and-set publish, first assignment wins) and counts the calls, so a
 * test can tell how many round trips a route cost.
 */
public final class InMemoryMetadataStore implements MetadataStore {
    private final Map<String, Map<String, String>> directories = new ConcurrentHashMap<>();
    private PlacementState placement;
    public final AtomicInteger lookups = new AtomicInteger();
    public final AtomicInteger assigns = new AtomicInteger();
    public final AtomicInteger counts = new AtomicInteger();
    public final AtomicInteger versions = new AtomicInteger();

    @Override
    public synchronized long version() {
        versions.incrementAndGet();
        return placement == null ? 0 : placement.version();
    }

    @Override
    public synchronized PlacementState placement() {
        return placement;
    }

    @Override
    public synchronized long publish(PlacementState next, long expectedVersion) throws SQLException {
        long current = placement == null ? 0 : placement.version();
        if (current != expectedVersion) {
            throw new SQLTransactionRollbackException("topology version is " + current + ", not " + expectedVersion, "40001");
        }
        placement = new PlacementState(current + 1, next.shards(), next.groups());
        return current + 1;
    }

    @Override
    public Map<String, String> lookup(String directory, Collection<String> keys) {
        lookups.incrementAndGet();
        Map<String, String> d = directories.getOrDefault(directory, Map.of());
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
            String s = d.get(k);
            if (s != null) out.put(k, s);
        }
        return out;
    }

    @Override
    public String assign(String directory, String key, String shard) {
        assigns.incrementAndGet();
        return directories.computeIfAbsent(directory, d -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> shard);
    }

    @Override
    public Map<String, Long> keysPerShard(String directory) {
        counts.incrementAndGet();
        Map<String, Long> out = new TreeMap<>();
        for (String s : directories.getOrDefault(directory, Map.of()).values()) out.merge(s, 1L, Long::sum);
        return out;
    }

    /** The entries of a directory, for assertions. */
    public Map<String, String> entries(String directory) {
        return Map.copyOf(directories.getOrDefault(directory, Map.of()));
    }

    @Override
    public void close() { }
}
