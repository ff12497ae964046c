package io.shardjdbc.topology;

import java.sql.SQLException;

/**
 * The contract between a move's fence and the drivers. While a unit (a bucket, a range, a directory
 * key) is frozen for the last step of a move, a trigger in the source database refuses every write
 * to the unit's rows with SQLState {@value #SQLSTATE} and a message that starts with
 * {@value #MESSAGE_PREFIX} and names the table, the unit and the move. A driver that meets such a
 * refusal waits for the topology version that points the unit at its new shard and runs the write
 * there; nothing else can write the unit to the source after the freeze.
 */
public final class MoveFence {
    /** The SQLState of a write refused by a move's fence (class 55: object not in prerequisite state). */
    public static final String SQLSTATE = "55S01";

    /** How the fence's message starts. */
    public static final String MESSAGE_PREFIX = "shard-jdbc fence:";

    private MoveFence() { }

    /**
     * The fence's refusal inside an error (the error itself, its causes, or the next exceptions of a
     * batch failure), or null when the error is not a fence refusal.
     */
    public static SQLException refusal(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; depth++) {
            if (t instanceof SQLException s) {
                if (SQLSTATE.equals(s.getSQLState())) return s;
                SQLException next = s.getNextException();
                if (next != null && next != t && SQLSTATE.equals(next.getSQLState())) return next;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return null;
    }

    /** The fence's own words (from {@value #MESSAGE_PREFIX} on), without what drivers put around them. */
    public static String reason(SQLException refusal) {
        String m = refusal.getMessage() == null ? "" : refusal.getMessage();
        int at = m.indexOf(MESSAGE_PREFIX);
        String r = at < 0 ? m : m.substring(at);
        int end = r.indexOf('\n'); // PostgreSQL adds "Where: PL/pgSQL function ..." lines
        return (end < 0 ? r : r.substring(0, end)).strip();
    }
}
