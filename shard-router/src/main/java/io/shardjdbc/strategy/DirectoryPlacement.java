package io.shardjdbc.strategy;

import io.shardjdbc.dircache.Directory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Directory placement: each key's shard is an entry of the metadata store's directory, looked up
 * through the driver's cache. A key without an entry has no rows anywhere, so reads of it touch no
 * shard; its first INSERT assigns it (see {@link Directory#shardForWrite}). One instance per
 * topology snapshot (it maps the store's shard names to the snapshot's indexes); the directory and
 * its cache outlive snapshots.
 */
public final class DirectoryPlacement implements Placement {
    private final Directory directory;
    private final KeyType keyType;
    private final Map<String, Integer> shardIndex;
    private final List<String> candidates;
    private final BitSet all = new BitSet();

    /**
     * @param directory  the directory and its cache
     * @param keyType    how key values become the directory's canonical key text
     * @param shardIndex every shard name of the snapshot to its index
     * @param candidates the shards new keys may be assigned to, in index order
     */
    public DirectoryPlacement(Directory directory, KeyType keyType, Map<String, Integer> shardIndex, List<String> candidates) {
        this.directory = directory;
        this.keyType = keyType;
        this.shardIndex = Map.copyOf(shardIndex);
        this.candidates = List.copyOf(candidates);
        shardIndex.values().forEach(all::set);
    }

    public Directory directory() { return directory; }

    /** The directory's key text of a key value (5, 5L and "5" are one key). */
    public String canonical(Object key) throws SQLException {
        return keyType.canonical(key);
    }

    /** The shard index of a key, or -1 when the directory has no entry for it (no shard has its rows). */
    @Override
    public int shardOf(Object key) throws SQLException {
        String shard = directory.shardOf(keyType.canonical(key));
        return shard == null ? -1 : index(shard, key);
    }

    /**
     * Looks up every key the cache does not hold in one store round trip; until the batch is closed,
     * this thread's lookups of those keys are answered from it. Null when there is nothing to batch.
     */
    public Directory.Batch prefetch(Collection<Object> keys) throws SQLException {
        if (keys.size() < 2) return null; // a single key is looked up by shardOf in the same one round trip
        List<String> canonical = new ArrayList<>(keys.size());
        for (Object k : keys) if (k != null) canonical.add(keyType.canonical(k));
        return directory.prefetch(canonical);
    }

    /** The shard index for writing a row with this key: its entry, assigned by the policy if it has none. */
    public int shardForWrite(Object key) throws SQLException {
        return index(directory.shardForWrite(keyType.canonical(key), candidates), key);
    }

    private int index(String shard, Object key) throws SQLException {
        Integer i = shardIndex.get(shard);
        if (i == null) {
            throw new SQLException("directory " + directory.name() + " puts key " + key + " on shard '" + shard
                    + "', which is not in this driver's topology (shards " + shardIndex.keySet() + "); add the shard to "
                    + "the config or publish a placement that names it", "55000");
        }
        return i;
    }

    /** Every shard of the snapshot: a directory may put a key on any of them. */
    @Override
    public BitSet allShards() { return (BitSet) all.clone(); }

    @Override
    public BitSet shardsInRange(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        return allShards();
    }
}
