package io.shardjdbc.ids;

import java.sql.SQLException;

/**
 * Time-ordered 64-bit ids: 41 bits of milliseconds since 2026-01-01 (about 69 years), 10 bits of
 * this driver's node number and 12 bits of a counter within the millisecond. The node number is
 * reserved once from the default shard's counters, so up to 1024 drivers running at once never
 * share one. They need a BIGINT column.
 */
final class TimeIds {
    private static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int NODE_BITS = 10, COUNTER_BITS = 12;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private final IdBlocks blocks;
    private long node = -1;
    private long lastMillis = -1;
    private long counter;

    TimeIds(IdBlocks blocks) {
        this.blocks = blocks;
    }

    synchronized long[] next(int n) throws SQLException {
        if (node < 0) node = blocks.reserve("node", 1, 0L) & ((1L << NODE_BITS) - 1);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            long now = Math.max(System.currentTimeMillis() - EPOCH_MILLIS, lastMillis); // a clock set back keeps the last time
            if (now == lastMillis) {
                counter = (counter + 1) & COUNTER_MASK;
                if (counter == 0) { // 4096 ids in this millisecond: wait for the next one
                    while (now <= lastMillis) now = System.currentTimeMillis() - EPOCH_MILLIS;
                }
            } else {
                counter = 0;
            }
            lastMillis = now;
            ids[i] = now << (NODE_BITS + COUNTER_BITS) | node << COUNTER_BITS | counter;
        }
        return ids;
    }
}
