package io.shardjdbc.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.config.PoolSpec;
import io.shardjdbc.config.ReplicaSpec;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.physical.ReplicaPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of one shard: its pool (created on first use), its measured lag and replayed
 * position, the reads it runs now, and a circuit breaker. A failure takes it out of rotation at once
 * (logged once, not per statement); it is probed again after a backoff that doubles up to
 * {@link #MAX_BACKOFF_MILLIS} and comes back when a probe succeeds. Thread-safe.
 */
public final class ReplicaNode implements ReplicaPool, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);
    static final long FIRST_BACKOFF_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    // a replica that stops answering must not hold up reads for the pool's usual 30 s
    private static final long MAX_CONNECTION_TIMEOUT_MILLIS = 2_000;

    private final int shard;
    private final int index;
    private final ShardSpec shardSpec;
    private final ReplicaSpec spec;
    private final String name;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile HikariDataSource pool;
    private volatile long lagMillis = ReplicaDialect.UNKNOWN;
    private volatile String position;
    private volatile boolean measured;
    // when a measurement last found the replica caught up (0: never); only the monitor writes it
    private volatile long caughtUpAtNanos;
    // circuit breaker, guarded by this
    private boolean down;
    private long retryAtNanos;
    private long backoffMillis;
    private volatile boolean closed;

    ReplicaNode(int shard, int index, ShardSpec shardSpec, ReplicaSpec spec) {
        this.shard = shard;
        this.index = index;
        this.shardSpec = shardSpec;
        this.spec = spec;
        this.name = "shard " + shardSpec.name() + " replica " + index + " (" + ShardErrors.redact(spec.url()) + ")";
    }

    @Override
    public int shard() { return shard; }

    @Override
    public int index() { return index; }

    public int weight() { return spec.weight(); }

    /** "shard s0 replica 0 (jdbc:postgresql://host:5433/app)", for messages and logs. */
    @Override
    public String name() { return name; }

    /** Reads of this driver running on the replica now. */
    public int inFlight() { return inFlight.get(); }

    /** Reads sent to this replica since the runtime started. */
    public int served() { return served.get(); }

    /** Last measured lag in milliseconds, {@link ReplicaDialect#UNKNOWN} before the first measurement or while down. */
    public long lagMillis() { return lagMillis; }

    /** Last known replayed position (database format), or null. */
    public String position() { return position; }

    /** True while the circuit is open (the replica failed and has not passed a probe since). */
    public synchronized boolean isDown() { return down; }

    /** True when the replica may serve reads: up, measured, and at most {@code maxLagMillis} behind. */
    public boolean usable(long maxLagMillis) {
        return !isDown() && measured && lagMillis <= maxLagMillis;
    }

    void beginRead() {
        inFlight.incrementAndGet();
        served.incrementAndGet();
    }

    void endRead() { inFlight.decrementAndGet(); }

    /**
     * A measurement succeeded: new lag and position; closes the circuit. A replica that was caught up
     * a moment ago is at most that moment behind, whatever the age of its last replayed commit says
     * (on a quiet primary that age is large while the replica has everything but a few bytes of WAL).
     */
    void measured(ReplicaDialect.Status s) {
        long now = System.nanoTime();
        long lag = s.lagMillis();
        if (lag == 0) {
            caughtUpAtNanos = now;
        } else if (lag != ReplicaDialect.UNKNOWN && caughtUpAtNanos != 0) {
            lag = Math.min(lag, (now - caughtUpAtNanos) / 1_000_000);
        }
        lagMillis = lag;
        advance(s.position());
        measured = true;
        synchronized (this) {
            if (down) LOG.info("{} answers again (lag {} ms); it serves reads again", name, s.lagMillis() == ReplicaDialect.UNKNOWN ? "unknown" : s.lagMillis());
            down = false;
            backoffMillis = 0;
        }
    }

    /** Records a replayed position seen by a read, keeping the furthest one. */
    void advance(String p) {
        if (p != null) position = p; // positions only grow; a read and the monitor may race, either is recent
    }

    /** The replica failed (a read or a probe): out of rotation until a probe succeeds. */
    @Override
    public void failed(Throwable cause) {
        synchronized (this) {
            backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            retryAtNanos = System.nanoTime() + backoffMillis * 1_000_000;
            if (down) return;
            down = true;
        }
        lagMillis = ReplicaDialect.UNKNOWN;
        caughtUpAtNanos = 0;
        if (!closed) {
            LOG.warn("{} failed, reads go to other replicas or the primary until it answers again: {}", name,
                    cause == null ? "unknown" : cause.toString());
        }
        HikariDataSource ds = pool;
        if (ds != null) ds.getHikariPoolMXBean().softEvictConnections(); // its connections are likely dead
    }

    /** True when a probe is due: always while up, after the backoff while down. */
    synchronized boolean probeDue(long nowNanos) {
        return !down || nowNanos - retryAtNanos >= 0;
    }

    /** Borrows a pooled connection to the replica (a failure is the caller's to report with {@link #failed}). */
    @Override
    public Connection open() throws SQLException {
        HikariDataSource ds = pool;
        if (ds == null) {
            synchronized (this) {
                if (closed) throw new SQLException("shard-jdbc runtime is closed", "08003");
                ds = pool;
                if (ds == null) pool = ds = createPool();
            }
        }
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** Takes a broken or session-changed connection out of the pool for good. */
    @Override
    public void evict(Connection c) {
        HikariDataSource ds = pool;
        if (ds != null) ds.evictConnection(c);
    }

    /** A connection for the monitor, outside the pool, with short connect and socket timeouts. */
    Connection openProbe(ReplicaDialect dialect) throws SQLException {
        Properties p = new Properties();
        p.putAll(shardSpec.properties());
        dialect.probeTimeouts(p);
        String user = spec.username() != null ? spec.username() : shardSpec.username();
        String password = spec.username() != null ? spec.password() : shardSpec.password();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return DriverManager.getConnection(spec.url(), p);
    }

    private HikariDataSource createPool() throws SQLException {
        PoolSpec p = shardSpec.pool() == null ? PoolSpec.DEFAULT : shardSpec.pool();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("shard-jdbc-" + shardSpec.name() + "-replica" + index);
        hc.setJdbcUrl(spec.url());
        String user = spec.username() != null ? spec.username() : shardSpec.username();
        String password = spec.username() != null ? spec.password() : shardSpec.password();
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        shardSpec.properties().forEach(hc::addDataSourceProperty);
        hc.setMaximumPoolSize(p.maximumPoolSize());
        hc.setMinimumIdle(Math.min(p.minimumIdle(), p.maximumPoolSize()));
        hc.setConnectionTimeout(Math.min(p.connectionTimeout().toMillis(), MAX_CONNECTION_TIMEOUT_MILLIS));
        hc.setIdleTimeout(p.idleTimeout().toMillis());
        hc.setMaxLifetime(p.maxLifetime().toMillis());
        hc.setInitializationFailTimeout(-1); // a replica that is down now is taken out, not a reason to fail
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw unreachable(new SQLException(e.getMessage(), "08001", e));
        }
    }

    private SQLException unreachable(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !(state.startsWith("08") || state.startsWith("28"))) state = "08001";
        return new SQLException(name + ": cannot connect: " + e.getMessage(), state, e.getErrorCode(), e);
    }

    @Override
    public void close() {
        HikariDataSource ds;
        synchronized (this) {
            closed = true;
            ds = pool;
            pool = null;
        }
        if (ds != null) ds.close();
    }

    @Override
    public String toString() { return name; }
}
