package io.shardjdbc.dircache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.shardjdbc.metadata.MetadataStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One directory (named by its co-location group's root table) as this driver sees it: the store's
 * entries behind a Caffeine cache that remembers both a key's shard (for {@code ttl}) and that a key
 * has none (for {@code negativeTtl}, so repeated reads of unknown keys do not hammer the store).
 * Lives as long as the driver runtime, across topology snapshots. Thread-safe.
 */
public final class Directory {
    private static final String NONE = ""; // cached "the store has no entry"; no shard has an empty name

    private final String name;
    private final MetadataStore store;
    private final Cache<String, String> cache;
    private final PlacementPolicy policy;
    private final LongAdder lookups = new LongAdder();
    private final LongAdder assigns = new LongAdder();
    // the entries of the keys one statement looked up together, while that statement routes on this thread:
    // they serve its lookups even when the cache is small (or off) and evicts them before they are used
    private final ThreadLocal<Map<String, String>> batch = new ThreadLocal<>();

    /**
     * @param name        directory name (the group's root table, lower case)
     * @param store       where the entries live
     * @param policy      how a new key's shard is chosen
     * @param size        most entries cached (0 = no cache)
     * @param ttl         how long a key's shard is cached
     * @param negativeTtl how long the absence of a key is cached
     */
    public Directory(String name, MetadataStore store, PlacementPolicy policy, long size, Duration ttl, Duration negativeTtl) {
        this.name = name;
        this.store = store;
        this.policy = policy;
        long positive = ttl.toNanos(), negative = negativeTtl.toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(size).expireAfter(new Expiry<String, String>() {
            @Override
            public long expireAfterCreate(String key, String shard, long now) {
                return NONE.equals(shard) ? negative : positive;
            }

            @Override
            public long expireAfterUpdate(String key, String shard, long now, long current) {
                return NONE.equals(shard) ? negative : positive;
            }

            @Override
            public long expireAfterRead(String key, String shard, long now, long current) {
                return current;
            }
        }).build();
    }

    public String name() { return name; }

    /** The placement policy of this directory. */
    public PlacementPolicy policy() { return policy; }

    /** The shard name of a key (canonical text), or null when the store has none. Cached. */
    public String shardOf(String key) throws SQLException {
        Map<String, String> b = batch.get();
        String batched = b == null ? null : b.get(key);
        if (batched != null) return NONE.equals(batched) ? null : batched;
        String cached = cache.getIfPresent(key);
        if (cached != null) return NONE.equals(cached) ? null : cached;
        lookups.increment();
        String shard = store.lookup(name, List.of(key)).get(key);
        cache.put(key, shard == null ? NONE : shard);
        return shard;
    }

    /**
     * Resolves every given key (to a shard, or to "none") asking the store once for all keys the cache
     * does not hold: an IN list costs one round trip, not one per key. Until the returned batch is
     * closed, {@link #shardOf} on this thread answers those keys from it (so a cache smaller than the
     * list, or none at all, still costs one round trip); the entries also go to the cache.
     */
    public Batch prefetch(Collection<String> keys) throws SQLException {
        Map<String, String> all = new HashMap<>(keys.size() * 2);
        List<String> missing = null;
        for (String k : keys) {
            String cached = cache.getIfPresent(k);
            if (cached != null) {
                all.put(k, cached);
                continue;
            }
            if (missing == null) missing = new ArrayList<>();
            missing.add(k);
        }
        if (missing != null) {
            lookups.increment();
            Map<String, String> found = store.lookup(name, missing);
            Map<String, String> put = new HashMap<>(missing.size() * 2);
            for (String k : missing) put.put(k, found.getOrDefault(k, NONE));
            cache.putAll(put);
            all.putAll(put);
        }
        batch.set(all);
        return batch::remove;
    }

    /** The keys of one statement resolved together; close it when the statement is routed. */
    @FunctionalInterface
    public interface Batch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The shard of a key that is about to be written: its entry if it has one, else a new entry on the
     * shard the policy picks among {@code candidates}. The store's {@code assign} decides races, so every
     * thread and driver inserting the same new key gets the same shard.
     */
    public String shardForWrite(String key, List<String> candidates) throws SQLException {
        Map<String, String> b = batch.get();
        String cached = b == null ? null : b.get(key);
        if (cached == null || NONE.equals(cached)) cached = cache.getIfPresent(key);
        if (cached != null && !NONE.equals(cached)) return cached;
        String chosen = policy.choose(store, name, candidates);
        return assign(key, chosen);
    }

    /** Puts a key on a shard unless it has one; returns (and caches) the shard it is on afterwards. */
    public String assign(String key, String shard) throws SQLException {
        assigns.increment();
        String winner = store.assign(name, key, shard);
        policy.assigned(winner, winner.equals(shard));
        cache.put(key, winner);
        Map<String, String> b = batch.get();
        if (b != null) b.put(key, winner); // a later row of the same statement with this key
        return winner;
    }

    /** Forgets every cached entry (a new topology version may have moved keys). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Store lookups made so far (each one round trip, whatever the number of keys). */
    public long lookupCalls() { return lookups.sum(); }

    /** Store assignments made so far. */
    public long assignCalls() { return assigns.sum(); }
}
