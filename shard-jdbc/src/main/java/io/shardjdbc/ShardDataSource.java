package io.shardjdbc;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.engine.PlanCompiler;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLDataException;
import java.sql.SQLSyntaxErrorException;
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
        this(config, null);
    }

    /**
     * A data source whose topology and directory entries come from {@code store} (which the caller keeps
     * and closes) instead of the store the config's {@code metadata:} names; the config must have a
     * {@code metadata:} section for its other settings (refresh interval, directory cache).
     */
    public ShardDataSource(ShardConfig config, MetadataStore store) {
        this.runtime = new ShardRuntime(config, "builder".equals(config.source()) ? null : ShardUrl.PREFIX + config.source(),
                store);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new ShardConnection(runtime);
    }

    /** Credentials belong to each shard's config; per-call credentials are not supported. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("shard-jdbc takes credentials from the config (shards.<name>.username"
                + " and password, or the user/password overrides of the driver URL); use getConnection()", Refusals.SQL_STATE);
    }

    /**
     * Where a statement with these parameters would run: shards, physical SQL and how results
     * combine. For a federated SELECT, the plan Calcite made and the SQL each shard is asked (reading
     * the tables' columns from a shard the first time, which needs a connection).
     */
    public RoutePlan explain(String sql, Object... params) throws SQLException {
        Parameters values = params == null ? Parameters.of((Object) null) : Parameters.of(params);
        RoutePlan plan = runtime.router().route(sql, values);
        // explain refuses what executing would refuse: a shard-key UPDATE outside transactions: atomic
        if (plan.keyMove() != null) plan.keyMove().requireAtomic(runtime.config().transactions());
        if (!plan.isFederated()) return PlanCompiler.explain(plan, sql, values);
        try (ShardConnection c = new ShardConnection(runtime)) {
            return c.explain(sql, params);
        }
    }

    /** The topology the router uses now (a newer version replaces it when the metadata store publishes one). */
    public Topology topology() { return runtime.topology(); }

    /**
     * Checks the metadata store for a new topology version now, instead of at the next
     * {@code metadata.refresh-interval}, and applies it. Returns the version in use afterwards.
     */
    public long refreshTopology() throws SQLException {
        return runtime.topologySource().refresh().topology().version();
    }

    /**
     * Puts a key of a directory table (or a table co-located with one) on a shard, unless the key has a
     * shard already; returns the shard the key is on afterwards. For placing a tenant before its first
     * row is inserted; a key's first INSERT assigns it by the table's placement policy otherwise.
     *
     * @throws SQLException {@code 42000} when the table is not a directory table, {@code 22023} for an unknown shard
     */
    public String assign(String table, Object key, String shard) throws SQLException {
        Topology t = runtime.topology();
        if (!(t.table(table) instanceof ShardedTable st) || !(st.placement() instanceof DirectoryPlacement d)) {
            throw new SQLSyntaxErrorException("table " + table + " is not a directory table (strategy: directory, or "
                    + "co-located with one), so its keys cannot be assigned to shards", "42000");
        }
        if (key == null) throw new SQLDataException("a directory key cannot be NULL (table " + table + ")", "22004");
        if (t.shardIndex(shard) < 0) {
            throw new SQLDataException("cannot assign key " + key + " of " + table + " to unknown shard '" + shard
                    + "'; known shards are " + t.shards(), "22023");
        }
        return d.directory().assign(d.canonical(key), shard);
    }

    /** The config this data source runs (as loaded and validated; the topology may have moved on since). */
    public ShardConfig config() { return runtime.config(); }

    /**
     * Adds a hook that sees each execution and each shard statement of this data source (logging,
     * metrics, tracing); it is called on the executing thread, so it must be quick.
     */
    public void addObserver(ExecutionObserver observer) { runtime.observers().add(observer); }

    /** The number of {@code ?} markers the driver reads in a statement (what {@link #explain} needs values for). */
    public int parameterCount(String sql) throws SQLException { return runtime.router().prepare(sql).parameterCount(); }

    // the engine behind this data source, for this package's tests; other modules of the driver unwrap it
    ShardRuntime runtime() { return runtime; }

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
        // the driver's sibling modules (the Spring Boot starter, shardctl) reach the engine so; its
        // package is exported to them only
        if (iface == ShardRuntime.class) return iface.cast(runtime);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this) || iface == ShardRuntime.class; }

    @Override
    public String toString() {
        return "ShardDataSource[" + runtime.config() + "]";
    }
}
