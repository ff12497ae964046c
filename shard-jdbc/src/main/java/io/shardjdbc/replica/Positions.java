package io.shardjdbc.replica;

import java.util.HashMap;
import java.util.Map;

/**
 * Write positions as the databases print them, and whether a replica's position has reached a
 * primary's: PostgreSQL WAL positions ({@code 16/B374D848}) and MariaDB GTID positions
 * ({@code 0-1-42,1-2-7}: per replication domain, the sequence number of the last transaction).
 */
public final class Positions {
    private Positions() { }

    /** A PostgreSQL LSN as a number; -1 for null or text that is not an LSN. */
    public static long lsn(String text) {
        if (text == null) return -1;
        int slash = text.indexOf('/');
        if (slash < 1) return -1;
        try {
            return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when replica LSN {@code replayed} is at or past {@code required}. */
    public static boolean lsnReached(String replayed, String required) {
        long r = lsn(replayed);
        return r >= 0 && r >= lsn(required);
    }

    /** A MariaDB GTID position as domain -> sequence number; null for text that is not one. */
    public static Map<Long, Long> gtid(String text) {
        Map<Long, Long> m = new HashMap<>();
        if (text == null) return null;
        if (text.isBlank()) return m;
        for (String part : text.split(",")) {
            String[] f = part.trim().split("-");
            if (f.length != 3) return null;
            try {
                m.merge(Long.parseLong(f[0]), Long.parseUnsignedLong(f[2]), Math::max);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return m;
    }

    /** True when replica GTID position {@code applied} has every domain of {@code required} at or past it. */
    public static boolean gtidReached(String applied, String required) {
        Map<Long, Long> have = gtid(applied);
        Map<Long, Long> need = gtid(required);
        if (have == null || need == null) return false;
        for (Map.Entry<Long, Long> e : need.entrySet()) {
            Long h = have.get(e.getKey());
            if (h == null || Long.compareUnsigned(h, e.getValue()) < 0) return false;
        }
        return true;
    }
}
