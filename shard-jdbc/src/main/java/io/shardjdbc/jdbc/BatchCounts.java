package io.shardjdbc.jdbc;

/** Update counts of batches as ints, for {@code executeBatch}. */
final class BatchCounts {
    private BatchCounts() { }

    static int[] toInt(long[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) out[i] = counts[i] > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) counts[i];
        return out;
    }
}
