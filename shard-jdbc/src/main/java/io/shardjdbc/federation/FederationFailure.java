package io.shardjdbc.federation;

import java.sql.SQLException;

/**
 * A SQLException carried through Calcite's generated code (whose enumerators cannot throw checked
 * exceptions) to the edge of federation, where it is thrown again as it was.
 */
final class FederationFailure extends RuntimeException {
    private final SQLException failure;

    FederationFailure(SQLException failure) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
    }

    FederationFailure(String shard, SQLException failure) {
        this(failure);
    }

    SQLException failure() { return failure; }

    /** The SQLException a failure carries through Calcite, or null when it carries none. */
    static SQLException unwrapIfCarried(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FederationFailure f) return f.failure();
            if (t.getCause() == t) break;
        }
        return null;
    }

    /** The SQLException behind a failure from inside Calcite, or a new one describing it. */
    static SQLException unwrap(RuntimeException e, String sql) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FederationFailure f) return f.failure();
            if (t instanceof SQLException s) return s;
            if (t instanceof ArithmeticException a) {
                String m = String.valueOf(a.getMessage());
                String state = m.toLowerCase(java.util.Locale.ROOT).contains("zero") ? "22012" : "22003";
                return new SQLException((state.equals("22012") ? "division by zero" : m) + " [statement: "
                        + io.shardjdbc.errors.ShardErrors.abbreviate(sql) + "]", state, a);
            }
            if (t.getCause() == t) break;
        }
        return new SQLException("the federated query failed: " + e + " [statement: "
                + io.shardjdbc.errors.ShardErrors.abbreviate(sql) + "]", "XX000", e);
    }
}
