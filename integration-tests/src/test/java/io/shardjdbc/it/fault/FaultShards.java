package io.shardjdbc.it.fault;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Four shard databases, each behind its own {@link FaultProxy}, and data sources whose shards are
 * reached only through the proxies. Table {@code kv} is sharded by {@code id % 4}: key k is on
 * shard {@code s(k % 4)}. Faults are done to the proxies, or to the server sessions of these
 * databases (terminated by an admin connection that bypasses the proxies).
 */
final class FaultShards implements AutoCloseable {
    static final int SHARDS = 4;
    static final String TABLES = """
            tables:
              kv: { key: id, strategy: hash, function: mod, buckets: 4 }
            """;
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");

    private final ShardDatabases dbs;
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final List<ShardDataSource> dataSources = new ArrayList<>();

    FaultShards(TestServers.Kind kind, String concern) throws SQLException, IOException {
        dbs = ShardDatabases.create(TestServers.get(kind), "sjdbc_it_fault_" + kind.tag() + "_" + concern, SHARDS);
        dbs.executeOnEach("CREATE TABLE kv (id BIGINT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
        for (String url : dbs.urls()) {
            Matcher m = HOST_PORT.matcher(url);
            if (!m.find()) throw new IllegalStateException("no host:port in " + url);
            int port = m.group(2) != null ? Integer.parseInt(m.group(2)) : isPostgres() ? 5432 : 3306;
            proxies.add(new FaultProxy(m.group(1), port));
        }
    }

    boolean isPostgres() { return dbs.kind() == TestServers.Kind.POSTGRESQL; }

    ShardDatabases databases() { return dbs; }

    FaultProxy proxy(int shard) { return proxies.get(shard); }

    /** A data source over the proxied shards with these top-level settings (e.g. {@code pool:}); closed with this. */
    ShardDataSource dataSource(String settings) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            Matcher m = HOST_PORT.matcher(dbs.urls().get(i));
            urls.add(m.replaceFirst("//127.0.0.1:" + proxies.get(i).port() + "/"));
        }
        ShardDataSource ds = new ShardDataSource(dbs.writeConfigText(dbs.shardsYaml(urls) + settings + "\n" + TABLES));
        dataSources.add(ds);
        return ds;
    }

    /** Ends every server session on a shard's database (PostgreSQL pg_terminate_backend, MySQL/MariaDB KILL); returns how many. */
    int terminateSessions(int shard) throws SQLException {
        String db = dbs.databases().get(shard);
        int n = 0;
        try (Connection admin = dbs.server().connectAdmin()) {
            if (isPostgres()) {
                try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) n++;
                    }
                }
            } else {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = admin.prepareStatement("SELECT id FROM information_schema.processlist"
                        + " WHERE db = ? AND id <> CONNECTION_ID()")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getLong(1));
                    }
                }
                try (Statement st = admin.createStatement()) {
                    for (long id : ids) {
                        try {
                            st.execute("KILL " + id);
                            n++;
                        } catch (SQLException gone) {
                            // the session ended on its own meanwhile
                        }
                    }
                }
            }
        }
        return n;
    }

    /** Server sessions on a shard's database currently running a statement that contains {@code text}. */
    int runningOn(int shard, String text) throws SQLException {
        String db = dbs.databases().get(shard);
        String sql = isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()"
                : "SELECT COUNT(*) FROM information_schema.processlist WHERE db = ? AND info LIKE ? AND id <> CONNECTION_ID()";
        try (Connection admin = dbs.server().connectAdmin(); PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, db);
            ps.setString(2, "%" + text + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The ids in {@code kv} on a shard's database, read directly. */
    List<Long> idsOn(int shard) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dbs.connect(shard); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM kv ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    /** Empties {@code kv} on every shard. */
    void clear() throws SQLException {
        dbs.executeOnEach("DELETE FROM kv");
    }

    /** Waits for a condition the servers reach on their own (a session starting a statement, a commit landing). */
    static void await(String what, Duration limit, Check condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("not within " + limit + ": " + what);
            Thread.sleep(10);
        }
    }

    /** A condition that may need the database to decide. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    @Override
    public void close() {
        for (ShardDataSource ds : dataSources) ds.close();
        for (FaultProxy p : proxies) p.close();
    }
}
