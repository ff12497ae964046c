package io.shardjdbc.merge;

import io.shardjdbc.sql.Refusals;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Whether the merge may order strings itself. It orders plain strings by code point, which is the
 * order of PostgreSQL's C and C.UTF-8 collations; under another database collation (en_US, ...) the
 * shards sort strings in an order Java cannot reproduce exactly, so a merge that would have to
 * compare strings refuses instead of returning them in the wrong order — except a page (ORDER BY
 * with a LIMIT), whose few rows the database itself ranks ({@link CollatedTopRows}) when every shard
 * has the same collation. (MySQL strings carry their collation weight and are always comparable.)
 */
public final class TextOrder {
    /** Strings compare by code point, as the shards do. */
    public static final TextOrder CODE_POINT = new TextOrder(null, null);

    private final String refusal;
    private final CollatedTopRows.Ranks ranks;

    private TextOrder(String refusal, CollatedTopRows.Ranks ranks) {
        this.refusal = refusal;
        this.ranks = ranks;
    }

    /** Strings cannot be ordered by the merge: {@code where} names the shard and its collation. */
    public static TextOrder refused(String where) {
        return new TextOrder(where, null);
    }

    /**
     * Strings cannot be ordered by the merge, but a database with the shards' collation ranks a page's text values:
     * {@code where} names the shard and its collation.
     */
    public static TextOrder rankedBy(String where, CollatedTopRows.Ranks ranks) {
        return new TextOrder(where, ranks);
    }

    /** Where the database must rank the text values of a page (every shard one linguistic collation); else null. */
    public CollatedTopRows.Ranks ranks() { return ranks; }

    /** True when strings order by code point, as the shards order them. */
    public boolean byCodePoint() { return refusal == null; }

    /** Throws if {@code value} is a plain string the merge would have to order. */
    void check(Object value) throws SQLException {
        if (refusal != null && value instanceof String) throw refusal("ordering or comparing text across shards");
    }

    /**
     * The refusal of {@code what} (a text order the driver would compute) under the shards' collation.
     */
    public SQLException refusal(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported under " + refusal + ": shard-jdbc merges text "
                + "in code point order (the C and C.UTF-8 collations); create the shard databases with LC_COLLATE 'C.UTF-8', "
                + "add a LIMIT (a page is ordered by the database's own collation), or narrow the statement to one shard",
                Refusals.SQL_STATE);
    }
}
