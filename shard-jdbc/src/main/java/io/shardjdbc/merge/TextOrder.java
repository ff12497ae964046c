package io.shardjdbc.merge;

import io.shardjdbc.sql.Refusals;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Whether the merge may order strings itself. It orders plain strings by code point, which is the
 * order of PostgreSQL's C and C.UTF-8 collations; under another database collation (en_US, ...) the
 * shards sort strings in an order Java cannot reproduce exactly, so a merge that would have to
 * compare strings refuses instead of returning them in the wrong order. (MySQL strings carry their
 * collation weight and are always comparable.)
 */
public final class TextOrder {
    /** Strings compare by code point, as the shards do. */
    public static final TextOrder CODE_POINT = new TextOrder(null);

    private final String refusal;

    private TextOrder(String refusal) {
        this.refusal = refusal;
    }

    /** Strings cannot be ordered by the merge: {@code where} names the shard and its collation. */
    public static TextOrder refused(String where) {
        return new TextOrder(where);
    }

    /** Throws if {@code value} is a plain string the merge would have to order. */
    void check(Object value) throws SQLException {
        if (refusal != null && value instanceof String) {
            throw new SQLFeatureNotSupportedException("ordering or comparing text across shards is not supported under "
                    + refusal + ": shard-jdbc merges text in code point order (the C and C.UTF-8 collations); create the "
                    + "shard databases with LC_COLLATE 'C.UTF-8', or narrow the statement to one shard", Refusals.SQL_STATE);
        }
    }
}
