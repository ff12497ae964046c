package io.shardjdbc.benchmarks.workload;

/**
 * Latencies in nanoseconds, log-linear buckets (32 sub-buckets per power of two: a recorded value is
 * reported within about 3% of itself). One instance per client thread; merged after the run.
 * No dependency so that the peer's JVM can load it with nothing but the JDK.
 */
final class LatencyHistogram {
    private static final int SUB = 32;
    private final long[] counts = new long[64 + 58 * SUB];
    private long total;
    private long sum;

    static int index(long v) {
        if (v < 64) return (int) Math.max(v, 0);
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - 5;
        return 64 + (shift - 1) * SUB + (int) ((v >>> shift) - SUB);
    }

    /** The middle of bucket {@code i}. */
    static long value(int i) {
        if (i < 64) return i;
        int shift = (i - 64) / SUB + 1;
        long m = (i - 64) % SUB + SUB;
        return (m << shift) + (1L << (shift - 1));
    }

    void record(long nanos) {
        counts[index(nanos)]++;
        total++;
        sum += nanos;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        total += other.total;
        sum += other.sum;
    }

    long count() { return total; }

    double meanNanos() { return total == 0 ? 0 : (double) sum / total; }

    /** The smallest recorded value (bucket middle) with at least {@code p} of all values at or below it. */
    long percentile(double p) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) return value(i);
        }
        return value(counts.length - 1);
    }
}
