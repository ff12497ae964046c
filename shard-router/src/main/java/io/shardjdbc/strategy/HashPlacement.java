package io.shardjdbc.strategy;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.BitSet;

/**
 * Hash placement: key to one of {@code buckets} virtual buckets, bucket to shard through the bucket
 * map. With {@code function: hash} the bucket is {@link StableHash#bucket} of the canonical key and
 * the initial bucket map gives each shard a contiguous, even share; with {@code function: mod} the
 * bucket is {@code floorMod(key, buckets)} and bucket {@code b} starts on shard {@code b % shards},
 * so a fleet already split by {@code id % N} keeps every row where it is.
 */
public final class HashPlacement implements Placement {
    private final boolean mod;
    private final int buckets;
    private final KeyType keyType;
    private final int[] bucketToShard;
    private final BitSet all;
    private final BigInteger bigBuckets;
    private final AutoKey autoKey; // null unless key-type auto learns the column's type

    public HashPlacement(boolean mod, int buckets, KeyType keyType, int[] bucketToShard) {
        this(mod, buckets, keyType, bucketToShard, null);
    }

    private HashPlacement(boolean mod, int buckets, KeyType keyType, int[] bucketToShard, AutoKey autoKey) {
        this.mod = mod;
        this.buckets = buckets;
        this.keyType = keyType;
        this.bucketToShard = bucketToShard.clone();
        this.bigBuckets = BigInteger.valueOf(buckets);
        this.all = new BitSet();
        for (int s : bucketToShard) all.set(s);
        this.autoKey = keyType == KeyType.AUTO ? autoKey : null;
    }

    /**
     * This placement reading string keys (under {@code key-type: auto}) as the key column stores them,
     * once its type is learned from {@code key}; other key types and values are unaffected.
     */
    public HashPlacement learningKeyType(AutoKey key) {
        return new HashPlacement(mod, buckets, keyType, bucketToShard, key);
    }

    /** The initial even bucket map over the given shard indexes. */
    public static HashPlacement initial(boolean mod, int buckets, KeyType keyType, int[] shards) {
        int[] map = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            map[b] = mod ? shards[b % shards.length] : shards[(int) ((long) b * shards.length / buckets)];
        }
        return new HashPlacement(mod, buckets, keyType, map);
    }

    /** The bucket of a key value. */
    public int bucketOf(Object key) throws SQLException {
        if (mod) {
            if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) {
                return (int) Math.floorMod(((Number) key).longValue(), (long) buckets);
            }
            return KeyType.integral(key).mod(bigBuckets).intValue();
        }
        if ((key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte)
                && keyType != KeyType.STRING && keyType != KeyType.UUID) {
            return StableHash.bucket(((Number) key).longValue(), buckets); // canonical text is the digits
        }
        return StableHash.bucket(readAs(key).canonical(key), buckets);
    }

    /** The key type a value is read with: a string under auto as its column stores it, when that is known. */
    private KeyType readAs(Object key) {
        if (autoKey == null || !(key instanceof String)) return keyType;
        return autoKey.learned(all.nextSetBit(0));
    }

    @Override
    public int shardOf(Object key) throws SQLException {
        return bucketToShard[bucketOf(key)];
    }

    public int buckets() { return buckets; }

    /** How key values are normalised before hashing. */
    public KeyType keyType() { return keyType; }

    public boolean isMod() { return mod; }

    /** The shard index a bucket is on. */
    public int shardOfBucket(int bucket) { return bucketToShard[bucket]; }

    @Override
    public BitSet allShards() { return (BitSet) all.clone(); }

    @Override
    public BitSet shardsInRange(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        return allShards();
    }
}
