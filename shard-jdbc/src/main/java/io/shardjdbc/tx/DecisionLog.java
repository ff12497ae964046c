package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The commit decisions of atomic transactions, one row per transaction in the table {@value #TABLE} of
 * its decision shard (the first shard the transaction touched).
 *
 * <p>The coordinator inserts the transaction's row ('C') inside the decision shard's own transaction
 * before any participant prepares, and commits that transaction after all have prepared: the decision
 * to commit becomes durable exactly when the row does, on a database any driver or {@code shardctl}
 * can read. While the coordinator lives, its uncommitted row holds the row's key; recovery settles a
 * transaction by inserting a rollback row ('R') under a short lock wait ({@link #settle}): it waits
 * on a live coordinator (and so never decides for it), it wins once the coordinator's transaction
 * is gone (which can then never commit its row), and it loses to a committed decision, which it
 * reads. No clock is trusted.
 */
public final class DecisionLog {
    /** The table on every shard that holds the decisions. */
    public static final String TABLE = "shardjdbc_tx_decisions";

    private DecisionLog() { }

    /** Creates the table if it is missing (the connection is in auto-commit: MySQL commits DDL anyway). */
    public static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (gid VARCHAR(200) NOT NULL PRIMARY KEY,"
                    + " outcome CHAR(1) NOT NULL, participants VARCHAR(2000) NOT NULL,"
                    + " decided_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        }
    }

    /** Inserts the commit decision inside the decision shard's open transaction (it commits with it). */
    public static void recordCommit(Connection inTransaction, GlobalTransactionId id, String participants) throws SQLException {
        insert(inTransaction, id, 'C', participants);
    }

    /** The decision as committed now; a coordinator's uncommitted row reads as {@link Decision#NONE}. */
    public static Decision read(Connection c, GlobalTransactionId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome FROM " + TABLE + " WHERE gid = ?")) {
            ps.setString(1, id.text());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Decision.NONE;
                return "C".equals(rs.getString(1)) ? Decision.COMMIT : Decision.ROLLBACK;
            }
        }
    }

    /**
     * The transaction's outcome, deciding rollback if nobody decided (see the class comment). The
     * connection is in auto-commit; {@link Decision#PENDING} while the coordinator still holds its row.
     */
    public static Decision settle(Connection c, BranchProtocol protocol, GlobalTransactionId id) throws SQLException {
        protocol.beginShortLockWaits(c);
        try {
            insert(c, id, 'R', "");
            return Decision.ROLLBACK;
        } catch (SQLException e) {
            if (protocol.isLockTimeout(e)) return Decision.PENDING;
            if (!protocol.isDuplicateKey(e)) throw e;
        } finally {
            try {
                protocol.endShortLockWaits(c);
            } catch (SQLException e) {
                // a failed insert leaves PostgreSQL's transaction aborted: its commit rolls back, which is all that is left
                if (!c.getAutoCommit()) c.rollback();
                c.setAutoCommit(true);
            }
        }
        return read(c, id);
    }

    /** Deletes decisions old enough that no coordinator can act on them and that no branch in {@code inDoubt} still needs. */
    public static int sweep(Connection c, BranchProtocol protocol, Set<String> inDoubt) throws SQLException {
        int deleted = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT gid FROM " + TABLE + " WHERE " + protocol.decidedLongAgo());
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE gid = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (inDoubt.contains(rs.getString(1))) continue;
                    delete.setString(1, rs.getString(1));
                    delete.addBatch();
                    deleted++;
                }
            }
            if (deleted > 0) delete.executeBatch();
        }
        return deleted;
    }

    private static void insert(Connection c, GlobalTransactionId id, char outcome, String participants) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (gid, outcome, participants) VALUES (?, ?, ?)")) {
            ps.setString(1, id.text());
            ps.setString(2, String.valueOf(outcome));
            ps.setString(3, participants);
            ps.executeUpdate();
        }
    }
}
