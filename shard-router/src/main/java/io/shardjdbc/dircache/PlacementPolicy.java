package io.shardjdbc.dircache;

import io.shardjdbc.metadata.MetadataStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a directory puts a key it has never seen: the shard it proposes to {@code assign} (the store
 * keeps the first proposal that arrives, so a policy only has to be reasonable, not agreed on).
 */
public abstract sealed class PlacementPolicy {
    /** The shard to propose for a new key, among the candidates (shard names, in topology order). */
    abstract String choose(MetadataStore store, String directory, List<String> candidates) throws SQLException;

    /** Called after an assignment: {@code ours} when the proposed shard won. */
    void assigned(String shard, boolean ours) { }

    /** The policy named in the config: {@code least-rows} (default when null) or {@code round-robin}. */
    public static PlacementPolicy named(String name) {
        if (name == null || name.equals("least-rows")) return new LeastRows();
        if (name.equals("round-robin")) return new RoundRobin();
        throw new IllegalArgumentException("unknown placement policy '" + name + "'; use least-rows or round-robin");
    }

    /** Each new key on the next shard in turn. */
    static final class RoundRobin extends PlacementPolicy {
        private final AtomicLong next = new AtomicLong();

        @Override
        String choose(MetadataStore store, String directory, List<String> candidates) {
            return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
        }

        @Override
        public String toString() { return "round-robin"; }
    }

    /**
     * Each new key on the shard that holds the fewest keys, by the store's {@code keysPerShard}. The
     * counts are read at most once a second (they are a full count in the store) and kept current in
     * between by this driver's own assignments; other drivers' assignments show at the next read.
     */
    static final class LeastRows extends PlacementPolicy {
        private static final long REFRESH_NANOS = 1_000_000_000L;
        private volatile Map<String, AtomicLong> counts;
        private volatile long readAt;

        @Override
        String choose(MetadataStore store, String directory, List<String> candidates) throws SQLException {
            Map<String, AtomicLong> c = counts;
            if (c == null || System.nanoTime() - readAt > REFRESH_NANOS) {
                Map<String, AtomicLong> fresh = new ConcurrentHashMap<>();
                store.keysPerShard(directory).forEach((shard, n) -> fresh.put(shard, new AtomicLong(n)));
                counts = c = fresh;
                readAt = System.nanoTime();
            }
            String best = null;
            long fewest = Long.MAX_VALUE;
            for (String s : candidates) {
                AtomicLong n = c.get(s);
                long v = n == null ? 0 : n.get();
                if (v < fewest) {
                    fewest = v;
                    best = s;
                }
            }
            return best;
        }

        @Override
        void assigned(String shard, boolean ours) {
            Map<String, AtomicLong> c = counts;
            if (ours && c != null) c.computeIfAbsent(shard, s -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public String toString() { return "least-rows"; }
    }
}
