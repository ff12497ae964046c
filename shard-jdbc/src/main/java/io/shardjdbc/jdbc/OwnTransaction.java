package io.shardjdbc.jdbc;

import java.sql.SQLException;

/**
 * A statement the driver carries out as several (read then write, update then move rows) must take
 * effect whole: in the application's transaction when it has one, else in one of the driver's own,
 * committed at the end and rolled back on failure, as auto-commit promises for one statement.
 */
final class OwnTransaction {
    private OwnTransaction() { }

    /** The work of one statement. */
    interface Work {
        long run() throws SQLException;
    }

    static long run(ShardConnection conn, Work work) throws SQLException {
        boolean auto = conn.getAutoCommit();
        if (!auto) return work.run();
        conn.setAutoCommit(false);
        try {
            long result = work.run();
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }
}
