package io.shardjdbc.it.differential;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One differential query and how its two results are compared.
 *
 * @param sql    the query, the same text on the driver and on the reference database
 * @param params parameter values (a PreparedStatement is used when there are any, or when
 *               {@code prepared} is set)
 * @param order  what the SQL fixes about the row order
 * @param keys   for {@link Order#TIES}: the 1-based columns holding the ORDER BY values, in order
 * @param dialect null for both dialects, else "pg" or "my"
 */
record QueryCase(String sql, Object[] params, Order order, int[] keys, String dialect, boolean prepared) {
    enum Order {
        /** No ORDER BY: the results must be equal multisets. */
        UNORDERED,
        /** ORDER BY fixes every row's place: the results must be equal sequences. */
        ORDERED,
        /**
         * ORDER BY with ties: the sequences of ORDER BY values must be equal, and the rows equal
         * multisets (with LIMIT/OFFSET, apart from the tie groups the cut may split).
         */
        TIES,
        /** LIMIT without ORDER BY: which rows is open, only their number is fixed. */
        ROW_COUNT
    }

    private static final Pattern CUT = Pattern.compile("(?i)\\b(limit|offset|fetch)\\b");
    private static final Pattern REPRESENTATIVE = Pattern.compile(
            "(?i)(\\bgroup\\s+by\\b|\\bdistinct\\b|\\bmin\\s*\\(|\\bmax\\s*\\(|\\bunion\\b(?!\\s+all\\b)|\\bintersect\\b|\\bexcept\\b)");

    boolean runsOn(boolean postgres) {
        return dialect == null || dialect.equals(postgres ? "pg" : "my");
    }

    /** LIMIT, OFFSET or FETCH may cut a tie group. */
    boolean cut() {
        return CUT.matcher(sql).find();
    }

    /**
     * The result shows one value standing for several the collation holds equal (a group key, a
     * DISTINCT value, MIN/MAX, a row of a set operation that removes duplicates): under a case-
     * and accent-insensitive collation, which spelling shows is the database's choice, so such strings compare by the collation.
     */
    boolean representativeStrings() {
        return REPRESENTATIVE.matcher(sql).find();
    }

    String name() {
        String s = sql.length() > 150 ? sql.substring(0, 147) + "..." : sql;
        return params.length == 0 ? s : s + " " + Arrays.toString(params);
    }
}
