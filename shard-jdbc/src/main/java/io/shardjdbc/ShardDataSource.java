package io.shardjdbc;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.topology.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over a sharded database: hand it to any framework (a Spring bean, a JPA
 * provider) in place of the physical one. It owns the physical pools; {@link #close()} closes them.
 * A bad config fails in the constructor with a {@code ConfigException} naming file, key and reason.
 */
public final class ShardDataSource implements DataSource, AutoCloseable {
    private final ShardRuntime runtime;
    private PrintWriter logWriter;
    private int loginTimeout;

    /** A data source for a YAML config file. */
    public ShardDataSource(Path configFile) {
        this.runtime = new ShardRuntime(ConfigLoader.load(configFile), ShardUrl.PREFIX + configFile);
    }

    /** A data source for a config built in Java (or loaded by the caller). */
    public ShardDataSource(ShardConfig config) {
        this.runtime = new ShardRuntime(config, "builder".equals(config.source()) ? null : ShardUrl.PREFIX + config.source());
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new ShardConnection(runtime);
    }

    /** Credentials belong to each shard's config; per-call credentials are not supported. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("shard-jdbc takes credentials from the config (shards.<name>.username"
                + " and password, or the user/password overrides of the driver URL); use getConnection()", "0A000");
    }

    /** Where a statement with these parameters would run: shards, physical SQL and how results combine. */
    public RoutePlan explain(String sql, Object... params) throws SQLException {
        return runtime.router().route(sql, params == null ? Parameters.of((Object) null) : Parameters.of(params));
    }

    /** The topology the router uses. */
    public Topology topology() { return runtime.topology(); }

    /** The config, topology, router and physical pools behind this data source. */
    public ShardRuntime runtime() { return runtime; }

    /** Closes the physical pools; connections still open stop working. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public PrintWriter getLogWriter() { return logWriter; }

    @Override
    public void setLogWriter(PrintWriter out) { logWriter = out; }

    @Override
    public void setLoginTimeout(int seconds) { loginTimeout = seconds; }

    /** Connection waits are bounded by each shard's pool {@code connection-timeout} instead. */
    @Override
    public int getLoginTimeout() { return loginTimeout; }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.shardjdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }

    @Override
    public String toString() {
        return "ShardDataSource[" + runtime.config() + "]";
    }
}
