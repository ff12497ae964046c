package io.shardjdbc.execute;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of deep pages fetched by seek (see {@code PageSeek}): pages served by it, pages that fell
 * back to the ordinary merge, and the rows both rounds read from the shards. Thread-safe.
 */
public final class PageSeekStats {
    private final LongAdder served = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder rows = new LongAdder();

    public void served(long rowsFetched) {
        served.increment();
        rows.add(rowsFetched);
    }

    public void abandoned(long rowsFetched) {
        abandoned.increment();
        rows.add(rowsFetched);
    }

    /** Pages the seek served. */
    public long served() { return served.sum(); }

    /** Pages that started a seek and then ran the ordinary way. */
    public long abandoned() { return abandoned.sum(); }

    /** Rows the seek rounds read from shards (probes and bounded fetches). */
    public long rowsFetched() { return rows.sum(); }

    @Override
    public String toString() {
        return "PageSeekStats[served=" + served() + ", abandoned=" + abandoned() + ", rows=" + rowsFetched() + "]";
    }
}
