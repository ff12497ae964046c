package io.shardjdbc.physical;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.shardjdbc.config.PoolSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.errors.ShardErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per shard primary, created on first use so that a shard nobody touches costs
 * nothing and an unreachable shard fails only the statements that need it. Shared by every logical
 * connection of a runtime; thread-safe.
 */
public final class PhysicalPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalPools.class);
    private final ShardConfig config;
    private final AtomicReferenceArray<ShardSpec> shards;
    private final AtomicReferenceArray<HikariDataSource> pools;
    private final Object createLock = new Object();
    private volatile boolean closed;

    public PhysicalPools(ShardConfig config) {
        this(config, config.shards().size());
    }

    /** Pools for the config's shards and room for shards added later ({@link #add}), {@code capacity} in all. */
    public PhysicalPools(ShardConfig config, int capacity) {
        this.config = config;
        this.shards = new AtomicReferenceArray<>(capacity);
        int i = 0;
        for (ShardSpec s : config.shards().values()) shards.set(i++, s);
        this.pools = new AtomicReferenceArray<>(capacity);
    }

    /** A shard added while the runtime runs (a new topology version named it); its pool opens on first use. */
    public void add(int shard, ShardSpec spec) {
        shards.set(shard, spec);
    }

    /**
     * Closes the pools of retired shards (the store no longer names them) that have no connection in
     * use; a pool still in use is closed at a later call, once its connections came back.
     */
    public void closeIdle(java.util.Set<Integer> retired) {
        for (int shard : retired) {
            synchronized (createLock) {
                HikariDataSource ds = pools.get(shard);
                if (ds == null || ds.getHikariPoolMXBean() == null || ds.getHikariPoolMXBean().getActiveConnections() > 0) continue;
                pools.set(shard, null);
                ds.close();
                LOG.info("closed the pool of shard {}: the topology no longer names it", shards.get(shard).name());
            }
        }
    }

    /** Borrows a physical connection of a shard; an unreachable shard gives SQLState class 08. */
    public Connection open(int shard) throws SQLException {
        HikariDataSource ds = pool(shard);
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            HikariPoolMXBean stats = ds.getHikariPoolMXBean();
            // the pool is full (not the database unreachable): every connection is lent out
            if (e instanceof java.sql.SQLTransientConnectionException && stats != null
                    && stats.getActiveConnections() >= ds.getMaximumPoolSize()) {
                throw exhausted(shard, ds, stats, e);
            }
            throw unreachable(shard, e);
        }
    }

    private SQLException exhausted(int shard, HikariDataSource ds, HikariPoolMXBean stats, SQLException e) {
        ShardSpec spec = shards.get(shard);
        String msg = "shard " + spec.name() + ": no connection free in its pool " + ds.getPoolName() + " within "
                + ds.getConnectionTimeout() + " ms: all " + ds.getMaximumPoolSize() + " (maximum-pool-size) are in use, "
                + stats.getThreadsAwaitingConnection() + " more waiting. Raise shards." + spec.name()
                + ".pool.maximum-pool-size (or pool.maximum-pool-size) in " + config.source() + ", or let fewer"
                + " connections hold this shard at once: in auto-commit mode a connection holds a shard only while a"
                + " result set is open; in a transaction, until it ends.";
        return new java.sql.SQLTransientConnectionException(msg, "08001", e.getErrorCode(), e);
    }

    /**
     * Takes a borrowed connection out of its pool for good and closes it, instead of returning it:
     * used when SQL (SET ...) changed session state that the pool cannot reset. The caller must not
     * close the connection afterwards.
     */
    public void evict(int shard, Connection c) {
        HikariDataSource ds = pools.get(shard);
        if (ds != null) ds.evictConnection(c);
    }

    /**
     * Whether a shard answers: a connection borrowed from its pool within {@code millis} (0: the
     * pool's connection timeout) that passes the driver's own check in the time left.
     */
    public boolean answers(int shard, long millis) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            HikariDataSource ds = pool(shard);
            // an idle connection that broke since it was last used fails the check: drop it and ask for
            // another, as many times as the pool could hold broken ones
            for (int attempt = 0; attempt <= ds.getMaximumPoolSize(); attempt++) {
                long left = millis <= 0 ? 0 : java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (millis > 0 && left <= 0) return false;
                Connection c = left > 0 && ds.getHikariPoolMXBean() instanceof HikariPool p ? p.getConnection(left) : ds.getConnection();
                boolean valid;
                try {
                    valid = c.isValid(left <= 0 ? 0 : (int) Math.max(1, left / 1000));
                } catch (SQLException e) {
                    valid = false;
                }
                if (valid) {
                    c.close();
                    return true;
                }
                ds.evictConnection(c);
            }
            return false;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Borrows a physical connection of a shard if one is free within {@code millis}; null when none is
     * (the pool full, or the shard not answering), for work that may be skipped rather than wait.
     */
    public Connection borrowWithin(int shard, long millis) {
        try {
            HikariDataSource ds = pool(shard);
            return ds.getHikariPoolMXBean() instanceof HikariPool p ? p.getConnection(millis) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The largest number of connections a shard's pool holds. */
    public int maximumSize(int shard) {
        return spec(shard).maximumPoolSize();
    }

    /** The number of idle connections a shard's pool keeps. */
    public int minimumIdle(int shard) {
        return spec(shard).minimumIdle();
    }

    private PoolSpec spec(int shard) {
        PoolSpec p = shards.get(shard).pool();
        return p == null ? PoolSpec.DEFAULT : p;
    }

    /** The statistics of a shard's pool, or null while the pool has not been created. */
    public HikariPoolMXBean stats(int shard) {
        HikariDataSource ds = pools.get(shard);
        return ds == null ? null : ds.getHikariPoolMXBean();
    }

    private HikariDataSource pool(int shard) throws SQLException {
        HikariDataSource ds = pools.get(shard);
        if (ds != null) return ds;
        synchronized (createLock) {
            if (closed) throw new SQLException("shard-jdbc runtime is closed", "08003");
            ds = pools.get(shard);
            if (ds == null) {
                ds = create(shard);
                pools.set(shard, ds);
            }
            return ds;
        }
    }

    private HikariDataSource create(int shard) throws SQLException {
        ShardSpec spec = shards.get(shard);
        PoolSpec p = spec.pool() == null ? PoolSpec.DEFAULT : spec.pool();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("shard-jdbc-" + spec.name());
        hc.setJdbcUrl(spec.url());
        if (spec.username() != null) hc.setUsername(spec.username());
        if (spec.password() != null) hc.setPassword(spec.password());
        spec.properties().forEach(hc::addDataSourceProperty);
        hc.setMaximumPoolSize(p.maximumPoolSize());
        hc.setMinimumIdle(p.minimumIdle());
        hc.setConnectionTimeout(p.connectionTimeout().toMillis());
        hc.setIdleTimeout(p.idleTimeout().toMillis());
        hc.setMaxLifetime(p.maxLifetime().toMillis());
        try {
            // Hikari tries one connection here (initializationFailTimeout=1), so a bad shard fails fast
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            SQLException cause = e.getCause() instanceof SQLException s ? s
                    : new SQLException(String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), "08001", e);
            throw unreachable(shard, cause);
        } catch (RuntimeException e) {
            throw unreachable(shard, new SQLException(e.getMessage(), "08001", e));
        }
    }

    private SQLException unreachable(int shard, SQLException e) {
        ShardSpec spec = shards.get(shard);
        String state = e.getSQLState();
        // keep a connection (08) or authorization (28) state from the driver; anything else means "could not connect"
        if (state == null || !(state.startsWith("08") || state.startsWith("28"))) state = "08001";
        String msg = "shard " + spec.name() + ": cannot connect to " + ShardErrors.redact(spec.url())
                + (spec.username() == null ? "" : " as user '" + spec.username() + "'") + ": " + e.getMessage()
                + ". Check that the database is running and reachable from this host, and the url, username and password"
                + " of " + (config.shards().containsKey(spec.name()) ? "shards." + spec.name() : "shard-defaults (the metadata"
                + " store names shard " + spec.name() + " and its url)") + " in " + config.source() + ".";
        return new SQLException(msg, state, e.getErrorCode(), e);
    }

    /** Closes every pool; connections still borrowed are closed as Hikari shuts down. */
    @Override
    public void close() {
        synchronized (createLock) {
            closed = true;
            for (int i = 0; i < pools.length(); i++) {
                HikariDataSource ds = pools.getAndSet(i, null);
                if (ds != null) ds.close();
            }
        }
    }
}
