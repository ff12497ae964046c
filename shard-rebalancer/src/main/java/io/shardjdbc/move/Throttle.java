package io.shardjdbc.move;

/**
 * Paces a copy to at most {@code rowsPerSecond} (0: as fast as the databases go) by pausing after a
 * chunk that ran ahead of the rate: an operator's {@code --rate} for a source that must keep serving.
 */
final class Throttle {
    private final long rowsPerSecond;
    private final long startNanos = System.nanoTime();
    private long rows;

    Throttle(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Counts {@code n} more rows and pauses until the rate allows them. */
    void paced(long n) {
        rows += n;
        if (rowsPerSecond <= 0) return;
        long dueNanos = rows * 1_000_000_000L / rowsPerSecond;
        long aheadMillis = (dueNanos - (System.nanoTime() - startNanos)) / 1_000_000L;
        if (aheadMillis <= 0) return;
        try {
            Thread.sleep(aheadMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
