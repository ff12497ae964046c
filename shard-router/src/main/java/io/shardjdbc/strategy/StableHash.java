package io.shardjdbc.strategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable hash of shard keys. A key's bucket is the first four bytes of the MD5 digest of its
 * canonical UTF-8 text (see {@link KeyType#canonical}), read as an unsigned big-endian integer,
 * modulo the bucket count. MD5 is chosen because both PostgreSQL and MySQL compute it in SQL:
 * <pre>
 *   PostgreSQL: ('x' || substr(md5(key::text), 1, 8))::bit(32)::bigint % buckets
 *   MySQL:      CONV(SUBSTR(MD5(CAST(key AS CHAR)), 1, 8), 16, 10) % buckets
 * </pre>
 * This function never changes: resharding moves buckets between shards, never keys between buckets.
 */
public final class StableHash {
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StableHash() { }

    /** The unsigned 32-bit hash of a canonical key text. */
    public static long hash32(String canonical) {
        MessageDigest md;
        try {
            md = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        byte[] d = md.digest(canonical.getBytes(StandardCharsets.UTF_8));
        return ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
    }

    /** The bucket of a canonical key text among {@code buckets}. */
    public static int bucket(String canonical, int buckets) {
        return (int) (hash32(canonical) % buckets);
    }
}
