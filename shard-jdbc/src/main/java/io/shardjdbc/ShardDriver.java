package io.shardjdbc;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.jdbc.ShardConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:shard:<path>} and {@code jdbc:shard:classpath:<resource>} URLs,
 * with optional {@code ?key=value&...} config overrides (dotted paths such as
 * {@code shards.s0.url}; {@code user} and {@code password} apply to every shard). Connection
 * properties are overrides too. All connections of one URL and overrides share one runtime: the
 * config, topology, router and physical pools, created on the first connection.
 */
public final class ShardDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new ShardDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
        PhysicalDrivers.registerBeside(ShardDriver.class);
    }

    private final Map<String, ShardRuntime> runtimes = new ConcurrentHashMap<>();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null; // JDBC: another driver's URL
        return new ShardConnection(runtime(ShardUrl.parse(url, info)));
    }

    /** The shared runtime of a URL (with its overrides), created on first use. */
    ShardRuntime runtime(ShardUrl url) throws SQLException {
        try {
            return runtimes.computeIfAbsent(url.runtimeKey(), k -> new ShardRuntime(load(url), url.display()));
        } catch (ConfigException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
    }

    private static ShardConfig load(ShardUrl url) {
        if (url.classpath()) {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null || cl.getResource(stripSlash(url.location())) == null) cl = ShardDriver.class.getClassLoader();
            return ConfigLoader.loadResource(url.location(), cl, url.overrides());
        }
        return ConfigLoader.load(Path.of(url.location()), url.overrides());
    }

    private static String stripSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    /**
     * Closes every runtime this driver created (their physical pools); connections made later
     * create fresh ones. For application shutdown and tests.
     */
    public void closeRuntimes() {
        for (String k : runtimes.keySet()) {
            ShardRuntime r = runtimes.remove(k);
            if (r != null) r.close();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return ShardUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        user.description = "database user for every shard (overrides shards.*.username)";
        DriverPropertyInfo password = new DriverPropertyInfo("password", null);
        password.description = "database password for every shard (overrides shards.*.password)";
        DriverPropertyInfo key = new DriverPropertyInfo("shards.<name>.url", null);
        key.description = "any dotted config key overrides the config file, e.g. shards.s0.url or transactions";
        return new DriverPropertyInfo[] {user, password, key};
    }

    @Override
    public int getMajorVersion() { return 0; }

    @Override
    public int getMinorVersion() { return 1; }

    /** Not JDBC compliant: SQL support depends on what the router can route and merge. */
    @Override
    public boolean jdbcCompliant() { return false; }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.shardjdbc");
    }
}
