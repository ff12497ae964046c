package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.errors.ShardErrors;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MySQL/MariaDB branches: XA transactions. A branch must be an XA transaction from its first statement,
 * so it is started when the shard joins the transaction ({@code XA START}); it is prepared with
 * {@code XA END} + {@code XA PREPARE}, finished with {@code XA COMMIT} / {@code XA ROLLBACK} from any
 * session, and a participant that needs no second phase commits with {@code XA COMMIT ... ONE PHASE}.
 * The xid is (global id, database name, {@value #FORMAT}): XA transactions are named per server, and
 * {@code XA RECOVER} lists those of every database, so the database name says whose branch it is.
 */
final class XaBranches implements BranchProtocol {
    /** The xid format id of shard-jdbc's branches ("SJDB"). */
    static final int FORMAT = 0x534A4442;
    private static final int ER_XAER_NOTA = 1397;
    private static final int ER_XAER_OUTSIDE = 1400;
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MAX_PART = 64;

    // the database each shard's connections use, asked once per shard
    private final Map<String, String> databases = new ConcurrentHashMap<>();

    @Override
    public boolean startsEarly() { return true; }

    @Override
    public String qualifier(Connection c, String shard) throws SQLException {
        String db = databases.get(shard);
        if (db == null) {
            db = c.getCatalog();
            if (db == null || db.isEmpty()) {
                throw new SQLException("shard " + shard + ": its JDBC URL names no database, which XA branches of atomic"
                        + " transactions need to tell shards apart: add the database to the URL", "08001");
            }
            databases.put(shard, db);
        }
        return db;
    }

    @Override
    public void start(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        String xid = xid(id, qualifier);
        try {
            run(c, "XA START " + xid);
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_XAER_OUTSIDE) throw e;
            // a local transaction was left open on the connection (nothing of this transaction's): end it, start again
            c.commit();
            run(c, "XA START " + xid);
        }
    }

    @Override
    public void prepare(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        String xid = xid(id, qualifier);
        run(c, "XA END " + xid);
        run(c, "XA PREPARE " + xid);
    }

    @Override
    public void commitOnePhase(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        String xid = xid(id, qualifier);
        run(c, "XA END " + xid);
        run(c, "XA COMMIT " + xid + " ONE PHASE");
    }

    @Override
    public void rollbackActive(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        String xid = xid(id, qualifier);
        try {
            run(c, "XA END " + xid);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_XAER_NOTA) return; // the server ended the branch already (e.g. a deadlock)
            // ended already or rollback-only: XA ROLLBACK below still applies
        }
        try {
            run(c, "XA ROLLBACK " + xid);
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_XAER_NOTA) throw e;
        }
    }

    @Override
    public void commitPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        run(c, "XA COMMIT " + xid(id, qualifier));
    }

    @Override
    public void rollbackPrepared(Connection c, GlobalTransactionId id, String qualifier) throws SQLException {
        run(c, "XA ROLLBACK " + xid(id, qualifier));
    }

    @Override
    public List<InDoubtBranch> inDoubt(Connection c, String shard) throws SQLException {
        String db = qualifier(c, shard);
        List<InDoubtBranch> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                if (rs.getInt(1) != FORMAT) continue;
                int gtridLength = rs.getInt(2);
                int bqualLength = rs.getInt(3);
                byte[] data = rs.getBytes(4);
                if (data == null || data.length < gtridLength + bqualLength) continue;
                String gtrid = new String(data, 0, gtridLength, StandardCharsets.UTF_8);
                String bqual = new String(data, gtridLength, bqualLength, StandardCharsets.UTF_8);
                GlobalTransactionId id = GlobalTransactionId.parse(gtrid);
                if (id != null && bqual.equals(db)) out.add(new InDoubtBranch(shard, id, bqual, null));
            }
        }
        return out;
    }

    @Override
    public boolean isUnknownBranch(SQLException e) { return e.getErrorCode() == ER_XAER_NOTA; }

    @Override
    public boolean isDuplicateKey(SQLException e) { return e.getErrorCode() == ER_DUP_ENTRY; }

    @Override
    public boolean isLockTimeout(SQLException e) { return e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT; }

    @Override
    public void beginShortLockWaits(Connection c) throws SQLException {
        run(c, "SET SESSION innodb_lock_wait_timeout = 1");
    }

    @Override
    public void endShortLockWaits(Connection c) throws SQLException {
        run(c, "SET SESSION innodb_lock_wait_timeout = DEFAULT");
    }

    @Override
    public String decidedLongAgo() { return "decided_at < CURRENT_TIMESTAMP - INTERVAL 10 MINUTE"; }

    @Override
    public SQLException prepareFailure(String shard, SQLException e) {
        return ShardErrors.fromShard(shard, e);
    }

    static String xid(GlobalTransactionId id, String qualifier) throws SQLException {
        String gtrid = id.text();
        if (gtrid.getBytes(StandardCharsets.UTF_8).length > MAX_PART || qualifier.getBytes(StandardCharsets.UTF_8).length > MAX_PART) {
            throw new SQLException("XA transaction id '" + gtrid + "' (branch " + qualifier + ") is longer than the 64 bytes XA"
                    + " allows: shorten the name of shard " + id.decisionShard(), "22001");
        }
        return BranchProtocol.literal(gtrid) + "," + BranchProtocol.literal(qualifier) + "," + FORMAT;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
