package io.shardjdbc.ids;

import java.sql.SQLException;

/**
 * A table's ids from its counter on the default shard, taken in blocks: values come from the
 * block this driver holds, and a new block is reserved when it runs out. Ids ascend per driver and
 * are unique across drivers; blocks another driver holds leave gaps in between.
 */
final class SequenceIds {
    /** Where a new counter starts: after the largest id the table already holds on any shard. */
    interface Start {
        long next() throws SQLException;
    }

    private final IdBlocks blocks;
    private final String name;
    private final int blockSize;
    private final Start start;
    private long next;
    private long end;
    private boolean counterExists;

    SequenceIds(IdBlocks blocks, String name, int blockSize, Start start) {
        this.blocks = blocks;
        this.name = name;
        this.blockSize = blockSize;
        this.start = start;
    }

    /** The next {@code n} ids, in ascending order. */
    synchronized long[] next(int n) throws SQLException {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            if (next >= end) {
                long size = Math.max(blockSize, n - i);
                // the counter's row is looked for once: later blocks only add to it
                Long startIfNew = counterExists || blocks.exists(name) ? null : start.next();
                long first = blocks.reserve(name, size, startIfNew);
                counterExists = true;
                next = first;
                end = first + size;
            }
            ids[i] = next++;
        }
        return ids;
    }
}
