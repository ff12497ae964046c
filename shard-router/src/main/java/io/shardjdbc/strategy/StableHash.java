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
 *
 * <p>Keys whose text fits one MD5 block (up to 55 bytes: numbers, UUIDs, most codes and names) are
 * hashed here directly, without the JDK's digest objects or intermediate byte arrays, because
 * every routed statement pays for it; longer keys use {@link MessageDigest}.
 */
public final class StableHash {
    private static final int[] SHIFT = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    private static final int[] K = new int[64];
    private static final MessageDigest PROTOTYPE;

    static {
        for (int i = 0; i < 64; i++) K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        try {
            PROTOTYPE = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StableHash() { }

    /** The unsigned 32-bit hash of a canonical key text. */
    public static long hash32(String canonical) {
        int[] block = new int[16];
        int len = 0;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c >= 0x80 || len == 55) return hash32Bytes(canonical.getBytes(StandardCharsets.UTF_8));
            block[len >> 2] |= c << ((len & 3) << 3);
            len++;
        }
        return finish(block, len);
    }

    /** The unsigned 32-bit hash of an integer key, whose canonical text is its decimal digits. */
    public static long hash32(long key) {
        int[] block = new int[16];
        int len = 0;
        if (key < 0) {
            block[0] = '-';
            len = 1;
        }
        // digits from the most significant, without making a String
        long rest = key;
        int digits = 1;
        for (long t = key / 10; t != 0; t /= 10) digits++;
        for (int d = digits - 1; d >= 0; d--) {
            int digit = (int) Math.abs(rest % 10);
            rest /= 10;
            int pos = len + d;
            block[pos >> 2] |= ('0' + digit) << ((pos & 3) << 3);
        }
        return finish(block, len + digits);
    }

    /** The bucket of a canonical key text among {@code buckets}. */
    public static int bucket(String canonical, int buckets) {
        return (int) (hash32(canonical) % buckets);
    }

    /** The bucket of an integer key among {@code buckets}. */
    public static int bucket(long key, int buckets) {
        return (int) (hash32(key) % buckets);
    }

    /** Pads a one-block message of {@code len} bytes (already in {@code block}) and runs MD5 over it. */
    private static long finish(int[] block, int len) {
        block[len >> 2] |= 0x80 << ((len & 3) << 3);
        block[14] = len << 3;
        int a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        int a = a0, b = b0, c = c0, d = d0;
        for (int i = 0; i < 64; i++) {
            int f, g;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) & 15;
            }
            f = f + a + K[i] + block[g];
            a = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(f, SHIFT[((i >> 4) << 2) | (i & 3)]);
        }
        a0 += a;
        // the digest's first four bytes are a0 little-endian; read them big-endian
        return Integer.reverseBytes(a0) & 0xFFFFFFFFL;
    }

    private static long hash32Bytes(byte[] bytes) {
        MessageDigest md;
        try {
            md = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        byte[] digest = md.digest(bytes);
        return ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8) | (digest[3] & 0xFFL);
    }
}
