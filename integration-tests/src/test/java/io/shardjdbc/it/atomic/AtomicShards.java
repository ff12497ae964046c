package io.shardjdbc.it.atomic;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.tx.AtomicTransactions;
import io.shardjdbc.tx.DecisionLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Three fresh shard databases for atomic-commit tests, with an {@code accounts} table placed by
 * {@code id % 3} (id 0 on s0, 1 on s1, 2 on s2) and an {@code orders} table placed by
 * {@code customer_id % 3}, and what the tests read straight from the servers:
 * rows, decisions, prepared branches. Before the databases are recreated, branches an earlier
 * (killed) run left prepared in them are rolled back: a database with prepared transactions cannot
 * be dropped.
 */
final class AtomicShards implements AutoCloseable {
    static final int SHARDS = 3;
    static final String TABLES = """
            tables:
              accounts: { key: id, strategy: hash, function: mod, buckets: 3 }
              orders: { key: customer_id, strategy: hash, function: mod, buckets: 3 }
            transactions: atomic
            transaction-recovery: off
            """;

    final TestServers.Kind kind;
    final ShardDatabases dbs;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    AtomicShards(TestServers.Kind kind, String concern) throws SQLException {
        this.kind = kind;
        String prefix = ShardDatabases.PREFIX + "atomic_" + kind.tag() + "_" + concern;
        rollBackLeftovers(TestServers.get(kind), prefix);
        this.dbs = ShardDatabases.create(TestServers.get(kind), prefix, SHARDS);
        dbs.executeOnEach("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance BIGINT NOT NULL)",
                "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(10) NOT NULL,"
                        + " note VARCHAR(40))");
    }

    boolean isPostgres() { return kind == TestServers.Kind.POSTGRESQL; }

    /** A config file of these shards: the accounts table under {@code transactions: atomic}, plus {@code extra}. */
    Path config(String extra) {
        return dbs.writeConfig(TABLES + extra);
    }

    /** A data source under {@code transactions: atomic}, closed with the fixture. */
    ShardDataSource dataSource(String extra) {
        ShardDataSource ds = new ShardDataSource(config(extra));
        toClose.add(ds);
        return ds;
    }

    static AtomicTransactions atomic(Connection c) throws SQLException {
        return Engine.of(c).atomic();
    }

    static void insert(Connection c, long id, String owner, long balance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            ps.setLong(3, balance);
            ps.executeUpdate();
        }
    }

    /** The server session id of the physical connection the driver uses for the shard of {@code id}. */
    long sessionOf(Connection c, long id) throws SQLException {
        String fn = isPostgres() ? "pg_backend_pid()" : "CONNECTION_ID()";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + fn + " FROM accounts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no account " + id + " to find its shard's session by");
                return rs.getLong(1);
            }
        }
    }

    /** Ends a server session from outside, as a crash of its server process or a cut link would. */
    void kill(long session) throws SQLException {
        try (Connection admin = dbs.server().connectAdmin(); Statement s = admin.createStatement()) {
            if (isPostgres()) {
                // wait until the backend is gone, so that what it held is released when this returns
                s.execute("SELECT pg_terminate_backend(" + session + ", 10000)");
            } else {
                s.execute("KILL " + session);
            }
        }
    }

    /** The balance of an account read straight from a shard database, or null when the row is not there. */
    Long balanceOn(int shard, long id) throws SQLException {
        try (Connection c = dbs.connect(shard); PreparedStatement ps = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    long rowsOn(int shard, String where) throws SQLException {
        return rowsOn(shard, "accounts", where);
    }

    long rowsOn(int shard, String table, String where) throws SQLException {
        try (Connection c = dbs.connect(shard); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + (where.isEmpty() ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The decisions recorded on a shard: "gid outcome participants"; empty when none (or no table yet). */
    List<String> decisionsOn(int shard) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dbs.connect(shard); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT gid, outcome, participants FROM " + DecisionLog.TABLE + " ORDER BY gid")) {
                while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            } catch (SQLException e) {
                if (!e.getMessage().contains(DecisionLog.TABLE) && !e.getMessage().toLowerCase().contains("doesn't exist")) throw e;
            }
        }
        return out;
    }

    /** Waits until a session on these shard databases waits for a lock (a deadline, not a fixed pause). */
    void awaitLockWait(java.time.Duration within) throws SQLException {
        String sql = isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname LIKE '" + dbs.prefix() + "%'"
                // a wait on a prepared XA branch's lock shows as its statement still running, not in INNODB_TRX
                : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE '%LOCK IN SHARE MODE%'"
                        + " AND DB LIKE '" + dbs.prefix() + "%'";
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection admin = dbs.server().connectAdmin(); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
                Thread.onSpinWait();
            }
        }
        StringBuilder seen = new StringBuilder();
        try (Connection admin = dbs.server().connectAdmin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery(isPostgres() ? "SELECT datname, state, wait_event_type, query FROM pg_stat_activity"
                     : "SELECT p.DB, t.trx_state, p.STATE, p.INFO FROM information_schema.PROCESSLIST p"
                             + " LEFT JOIN information_schema.INNODB_TRX t ON p.ID = t.trx_mysql_thread_id")) {
            while (rs.next()) {
                if (rs.getString(1) != null && rs.getString(1).startsWith(dbs.prefix())) {
                    seen.append("\n").append(rs.getString(1)).append(" ").append(rs.getString(2)).append(" ")
                            .append(rs.getString(3)).append(" ").append(rs.getString(4));
                }
            }
        }
        throw new AssertionError("no session waited for a lock within " + within + "; sessions:" + seen);
    }

    /** Deletes the decisions recorded so far on every shard (a test then sees only its own). */
    void clearDecisions() throws SQLException {
        for (int i = 0; i < SHARDS; i++) {
            try (Connection c = dbs.connect(i); Statement s = c.createStatement()) {
                DecisionLog.ensure(c);
                s.execute("DELETE FROM " + DecisionLog.TABLE);
            }
        }
    }

    /** The branches prepared on the server in these shard databases (any program's). */
    List<String> preparedBranches() throws SQLException {
        return prepared(dbs.server(), dbs.prefix());
    }

    private static List<String> prepared(TestServers.Server server, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
            if (server.kind() == TestServers.Kind.POSTGRESQL) {
                try (ResultSet rs = s.executeQuery("SELECT database, gid FROM pg_prepared_xacts WHERE database LIKE '" + prefix + "%'")) {
                    while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2));
                }
            } else {
                try (ResultSet rs = s.executeQuery("XA RECOVER")) {
                    while (rs.next()) {
                        byte[] data = rs.getBytes(4);
                        int g = rs.getInt(2);
                        String bqual = new String(data, g, rs.getInt(3), StandardCharsets.UTF_8);
                        if (bqual.startsWith(prefix)) out.add(bqual + " " + new String(data, 0, g, StandardCharsets.UTF_8) + " " + rs.getInt(1));
                    }
                }
            }
        }
        return out;
    }

    private static void rollBackLeftovers(TestServers.Server server, String prefix) throws SQLException {
        for (String branch : prepared(server, prefix)) {
            String[] p = branch.split(" ", 3);
            if (server.kind() == TestServers.Kind.POSTGRESQL) {
                try (Connection c = server.connect(server.databaseUrl(p[0])); Statement s = c.createStatement()) {
                    s.execute("ROLLBACK PREPARED '" + p[1].replace("'", "''") + "'");
                }
            } else {
                try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
                    s.execute("XA ROLLBACK '" + p[1].replace("'", "''") + "','" + p[0] + "'," + p[2]);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }
}
