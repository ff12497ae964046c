package io.shardjdbc.benchmarks.workload;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@code raw4} target: the least a client can do to use the 4 shard databases — one HikariCP
 * pool per database and {@code id % 4} computed by the application, no parsing, no merging. It
 * answers statements keyed by one id ({@code id = ?}, or the first value of an INSERT): the point
 * workloads (point select, update, insert/delete); and the multi-shard workloads' statements as
 * {@link HandMerged} runs them (per-shard queries at once, merged in the application). Its ratio to {@code raw} is the
 * price of the 4-database setup itself on this machine; {@code shard4}'s ratio to it is the
 * driver's own cost. Like shard-jdbc, a logical connection keeps the shard connection it took
 * until it closes.
 */
final class HandRouted implements DataSource, AutoCloseable {
    private final HikariDataSource[] pools;
    // runs all but one of a multi-shard statement's per-shard queries while the caller runs the first
    private final java.util.concurrent.ExecutorService executor;

    private HandRouted(HikariDataSource[] pools) {
        this.pools = pools;
        this.executor = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, pools.length - 1), r -> {
            Thread t = new Thread(r, "raw4-shard");
            t.setDaemon(true);
            return t;
        });
    }

    /** A properties file with {@code jdbcUrl.0 .. jdbcUrl.3}, {@code username}, {@code password}, {@code maximumPoolSize}. */
    static HandRouted open(Path config) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        List<HikariDataSource> pools = new ArrayList<>();
        for (int i = 0; p.getProperty("jdbcUrl." + i) != null; i++) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(p.getProperty("jdbcUrl." + i));
            hc.setUsername(p.getProperty("username"));
            hc.setPassword(p.getProperty("password"));
            hc.setMaximumPoolSize(Integer.parseInt(p.getProperty("maximumPoolSize", "10")));
            hc.setMinimumIdle(0);
            hc.setPoolName("raw4-" + i);
            pools.add(new HikariDataSource(hc));
        }
        return new HandRouted(pools.toArray(new HikariDataSource[0]));
    }

    @Override
    public Connection getConnection() {
        Connection[] shards = new Connection[pools.length];
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "prepareStatement" -> {
                    if (args.length != 1) break;
                    return statement((String) args[0], shards);
                }
                case "close" -> {
                    for (int i = 0; i < shards.length; i++) {
                        if (shards[i] != null) shards[i].close();
                        shards[i] = null;
                    }
                    return null;
                }
                case "isClosed" -> { return false; }
                case "getAutoCommit" -> { return true; }
                default -> { }
            }
            throw new SQLFeatureNotSupportedException("raw4 does not do " + m.getName());
        });
    }

    /** A statement that records its parameters and runs, on execution, on the shard of its id. */
    private PreparedStatement statement(String sql, Connection[] shards) throws SQLException {
        if (HandMerged.shapeOf(sql) != null) {
            return HandMerged.statement(sql, shards, shard -> {
                try {
                    return pools[shard].getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, executor);
        }
        int keyParam = keyParameter(sql);
        PreparedStatement[] physical = new PreparedStatement[pools.length];
        List<Object[]> binds = new ArrayList<>();
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, (proxy, m, args) -> {
            String name = m.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                binds.add(new Object[] {m, args});
                return null;
            }
            if (name.equals("close")) {
                for (PreparedStatement ps : physical) if (ps != null) ps.close();
                return null;
            }
            if (name.startsWith("execute") && (args == null || args.length == 0)) {
                Object key = null;
                for (Object[] b : binds) if ((Integer) ((Object[]) b[1])[0] == keyParam) key = ((Object[]) b[1])[1];
                int shard = (int) Math.floorMod(((Number) key).longValue(), (long) pools.length);
                if (shards[shard] == null) shards[shard] = pools[shard].getConnection();
                PreparedStatement ps = physical[shard];
                if (ps == null) ps = physical[shard] = shards[shard].prepareStatement(sql);
                try {
                    for (Object[] b : binds) ((Method) b[0]).invoke(ps, (Object[]) b[1]);
                    binds.clear();
                    return m.invoke(ps);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            throw new SQLFeatureNotSupportedException("raw4 does not do " + name);
        });
    }

    /** The 1-based parameter holding the id: the first value of an INSERT, or the marker of {@code id = ?}. */
    private static int keyParameter(String sql) throws SQLException {
        if (sql.startsWith("INSERT")) return 1;
        int at = sql.indexOf("id = ?");
        if (at < 0) throw new SQLFeatureNotSupportedException("raw4 runs statements keyed by one id only: " + sql);
        int n = 1;
        for (int i = 0; i < at; i++) if (sql.charAt(i) == '?') n++;
        return n;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        for (HikariDataSource p : pools) p.close();
    }

    @Override public Connection getConnection(String u, String p) { return getConnection(); }
    @Override public PrintWriter getLogWriter() { return null; }
    @Override public void setLogWriter(PrintWriter out) { }
    @Override public void setLoginTimeout(int seconds) { }
    @Override public int getLoginTimeout() { return 0; }
    @Override public Logger getParentLogger() { return Logger.getGlobal(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
}
