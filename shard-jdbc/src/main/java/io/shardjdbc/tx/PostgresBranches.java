package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.errors.ShardErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL branches: {@code PREPARE TRANSACTION 'gid'} ends the connection's transaction as a prepared
 * one, {@code COMMIT PREPARED} / {@code ROLLBACK PREPARED} finish it from any session of its database
 * (outside a transaction block). The gid is the global id, '|' and the shard name: prepared
 * transactions are named per server, and two shards may be databases of one server.
 */
final class PostgresBranches implements BranchProtocol {

    @Override
    public boolean startsEarly() { return false; }

    @Override
    public String qualifier(Connection c, String shard) { return shard; }

    @Override
    public void start(Connection c, GlobalTransactionId id, String qualifier) {
        // an ordinary transaction is prepared as it is
    }

    @Override
    public void prepare(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        // PREPARE in a transaction aborted by an earlier error silently rolls back instead; the SELECT before it fails
        // there (25P02) in the same round trip, so a lost part is never mistaken for a prepared one
        run(c, "SELECT 1; PREPARE TRANSACTION " + BranchProtocol.literal(gid(id, qualifier)));
    }

    @Override
    public void commitOnePhase(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        c.commit();
    }

    @Override
    public void rollbackActive(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        c.rollback();
    }

    @Override
    public void commitPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        outsideTransaction(c, "COMMIT PREPARED " + BranchProtocol.literal(gid(id, qualifier)));
    }

    @Override
    public void rollbackPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        outsideTransaction(c, "ROLLBACK PREPARED " + BranchProtocol.literal(gid(id, qualifier)));
    }

    @Override
    public List<InDoubtBranch> inDoubt(Connection c, String shard) throws SQLException {
        List<InDoubtBranch> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT gid, prepared FROM pg_prepared_xacts WHERE database = current_database()"
                     + " AND gid LIKE '" + GlobalTransactionId.PREFIX + "%'")) {
            while (rs.next()) {
                String gid = rs.getString(1);
                int bar = gid.lastIndexOf('|');
                GlobalTransactionId id = bar < 0 ? null : GlobalTransactionId.parse(gid.substring(0, bar));
                if (id == null) continue;
                Timestamp at = rs.getTimestamp(2);
                out.add(new InDoubtBranch(shard, id, gid.substring(bar + 1), at == null ? null : at.toInstant()));
            }
        }
        if (!c.getAutoCommit()) c.commit();
        return out;
    }

    @Override
    public boolean isUnknownBranch(SQLException e) { return "42704".equals(e.getSQLState()); }

    @Override
    public boolean isDuplicateKey(SQLException e) { return "23505".equals(e.getSQLState()); }

    @Override
    public boolean isLockTimeout(SQLException e) { return "55P03".equals(e.getSQLState()); }

    @Override
    public void beginShortLockWaits(Connection c) throws SQLException {
        c.setAutoCommit(false);
        run(c, "SET LOCAL lock_timeout = '1s'");
    }

    @Override
    public void endShortLockWaits(Connection c) throws SQLException {
        try {
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    public String decidedLongAgo() { return "decided_at < CURRENT_TIMESTAMP - INTERVAL '10 minutes'"; }

    @Override
    public SQLException prepareFailure(String shard, SQLException e) {
        // 55000 "prepared transactions are disabled" (hint: set max_prepared_transactions to a nonzero value)
        if ("55000".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("prepared transactions are disabled")) {
            return new SQLException("shard " + shard + " cannot take part in an atomic transaction: its PostgreSQL server has"
                    + " max_prepared_transactions = 0. Set max_prepared_transactions above the number of atomic"
                    + " transactions committing at once (postgresql.conf, then restart the server; a streaming replica"
                    + " needs at least the same value), or configure transactions: best-effort", "55000", e);
        }
        return ShardErrors.fromShard(shard, e);
    }

    private static String gid(GlobalTransactionId id, String qualifier) {
        return id.text() + "|" + qualifier;
    }

    // COMMIT/ROLLBACK PREPARED cannot run inside a transaction block; pgjdbc switches auto-commit without a round trip when idle
    private static void outsideTransaction(Connection c, String sql) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (!auto) c.setAutoCommit(true);
        try {
            run(c, sql);
        } finally {
            if (!auto) c.setAutoCommit(false);
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
