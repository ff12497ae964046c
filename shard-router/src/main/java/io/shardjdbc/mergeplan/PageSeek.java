package io.shardjdbc.mergeplan;

/**
 * Deep paging by seek ({@code ORDER BY key LIMIT l OFFSET o} with a large offset on {@code n}
 * shards): instead of every shard returning its first {@code o + l} rows, each shard is first asked
 * for a small window of rows at its share of the offset ({@code LIMIT window OFFSET shardOffset},
 * the probe); the smallest first key and the largest last key of those windows bound the keys the
 * page can hold, and a second round fetches only the rows between the bounds. How many rows precede
 * the lower bound on each shard follows from the probe's offset and the rows seen in both rounds,
 * so the page is cut exactly. Shards whose probe came back empty hold at most {@code shardOffset}
 * rows and return them all ({@code smallSql}). The executor falls back to the ordinary merge when a
 * precondition fails (a key that is not a number or date, ties filling a probe window, too few rows
 * under the upper bound).
 *
 * <p>All texts are the same on every shard; each parameter map gives, for every physical marker,
 * the logical (1-based) parameter it copies, or is null when the markers are the logical ones.
 *
 * @param key             the ORDER BY column's text, usable in WHERE
 * @param probeSql        the query with {@code LIMIT window OFFSET shardOffset}
 * @param fetchSql        the query with {@link #BOUNDS} where the key bounds go, and {@code LIMIT offset + limit}
 * @param smallSql        the query with {@code LIMIT shardOffset}
 * @param shardOffset     each shard's share of the offset, {@code offset / n}
 * @param window          rows per probe: enough that n windows reach past {@code offset + limit}
 */
public record PageSeek(String key, String probeSql, int[] probeParameters, String fetchSql, int[] fetchParameters,
                       String smallSql, int[] smallParameters, long shardOffset, long window) {
    /** Where the fetch query's key bounds go (a comment, so a text without bounds still runs). */
    public static final String BOUNDS = "/*sj:bounds*/";

    /** Offsets from which a multi-shard page is fetched by seek: below, shipping offset + limit rows is cheaper than a round. */
    public static final long MIN_OFFSET = 1000;

    /** The fetch query with {@code key} bounded by two literals, in the direction of the sort. */
    public String fetchSql(String first, String last, boolean descending) {
        String bounds = descending
                ? key + " <= " + first + " AND " + key + " >= " + last
                : key + " >= " + first + " AND " + key + " <= " + last;
        int at = fetchSql.indexOf(BOUNDS);
        return fetchSql.substring(0, at) + bounds + fetchSql.substring(at + BOUNDS.length());
    }

    @Override
    public String toString() { return "seek on " + key + " from " + shardOffset + " per shard, window " + window; }
}
