package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.config.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How one kind of database takes part in an atomic transaction: starting, preparing, finishing and
 * listing prepared branches, and the few error codes the protocol decides on. PostgreSQL prepares an
 * ordinary transaction ({@code PREPARE TRANSACTION}); MySQL/MariaDB need the branch to be an XA
 * transaction from its first statement ({@link #startsEarly()}).
 *
 * <p>A branch is named by the global id and a qualifier that tells the participants apart on one
 * server: the shard name on PostgreSQL (whose prepared transactions also carry their database), the
 * database name under XA (whose prepared transactions are server-wide and carry nothing else).
 */
public interface BranchProtocol {

    /** The protocol of a dialect; refuses dialects that cannot prepare a transaction. */
    static BranchProtocol of(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> new PostgresBranches();
            case MYSQL -> new XaBranches();
            case H2 -> throw new IllegalArgumentException("transactions: atomic needs PostgreSQL or MySQL/MariaDB shards;"
                    + " H2 shards support best-effort and single-shard only");
        };
    }

    /** True when a branch must be started before the participant's first statement (XA). */
    boolean startsEarly();

    /** The qualifier of this participant's branches (see above). */
    String qualifier(Connection c, String shard) throws SQLException;

    /** Starts the branch on a connection with no transaction open (only where {@link #startsEarly()}). */
    void start(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** Prepares the connection's transaction as the branch: it survives the connection and the server's restart. */
    void prepare(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** Commits the connection's started branch without preparing it (a read-only or only writing participant). */
    void commitOnePhase(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** Rolls back the connection's started, not prepared, branch. */
    void rollbackActive(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** Commits a prepared branch, from any connection to its database. */
    void commitPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** Rolls back a prepared branch, from any connection to its database. */
    void rollbackPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException;

    /** The prepared branches of shard-jdbc on the connection's database. */
    List<InDoubtBranch> inDoubt(Connection c, String shard) throws SQLException;

    /** True when the database does not know the branch (finished already, by someone else). */
    boolean isUnknownBranch(SQLException e);

    /** True for a unique-key violation. */
    boolean isDuplicateKey(SQLException e);

    /** True when a lock wait gave up. */
    boolean isLockTimeout(SQLException e);

    /** Makes the connection's lock waits short (about a second) until {@link #endShortLockWaits}. */
    void beginShortLockWaits(Connection c) throws SQLException;

    /** Ends {@link #beginShortLockWaits}, committing what the connection did since. */
    void endShortLockWaits(Connection c) throws SQLException;

    /** A condition on {@code decided_at} true for decisions older than the age where no coordinator can still act. */
    String decidedLongAgo();

    /**
     * The error to report when PREPARE failed on a shard: names the server setting when the database
     * refuses two-phase commit altogether, else the shard's error.
     */
    SQLException prepareFailure(String shard, SQLException e);

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
