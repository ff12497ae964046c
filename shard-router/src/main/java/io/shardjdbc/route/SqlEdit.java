package io.shardjdbc.route;

/**
 * Rewrites a statement for one shard by replacing one span of the original text with a subset of
 * its comma-separated parts (IN-list values, VALUES rows), and works out which logical parameters
 * the physical statement's markers now stand for. Everything outside the span is kept byte for
 * byte: the shard receives its own dialect, comments and hints back.
 */
final class SqlEdit {
    private SqlEdit() { }

    /**
     * @param sql          original text
     * @param paramOffsets offsets of the original {@code ?} markers
     * @param spans        {@code [start, end)} of every part, two ints per part, in text order
     * @param keep         indexes of the parts to keep, ascending
     */
    static RouteUnit keepParts(int shard, String shardName, String sql, int[] paramOffsets, int[] spans, int[] keep) {
        int from = spans[0], to = spans[spans.length - 1];
        StringBuilder out = new StringBuilder(sql.length());
        out.append(sql, 0, from);
        int[] map = new int[paramOffsets.length];
        int m = 0;
        int p = 0;
        while (p < paramOffsets.length && paramOffsets[p] < from) map[m++] = ++p;
        for (int k = 0; k < keep.length; k++) {
            int s = spans[2 * keep[k]], e = spans[2 * keep[k] + 1];
            if (k > 0) out.append(", ");
            out.append(sql, s, e);
            for (int q = 0; q < paramOffsets.length; q++) {
                if (paramOffsets[q] >= s && paramOffsets[q] < e) map[m++] = q + 1;
            }
        }
        out.append(sql, to, sql.length());
        for (int q = 0; q < paramOffsets.length; q++) if (paramOffsets[q] >= to) map[m++] = q + 1;
        return new RouteUnit(shard, shardName, out.toString(), java.util.Arrays.copyOf(map, m));
    }
}
