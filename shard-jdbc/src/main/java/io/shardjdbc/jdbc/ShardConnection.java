package io.shardjdbc.jdbc;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.engine.PlanCompiler;
import io.shardjdbc.execute.MoveRetry;
import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.execute.UnitRunner;
import io.shardjdbc.replica.ReplicaPolicy;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.sql.TransactionCommand;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.physical.SessionState;
import io.shardjdbc.physical.SessionStatement;
import io.shardjdbc.tx.ShardSavepoint;
import io.shardjdbc.tx.TransactionState;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection over all shards. In auto-commit mode a shard's physical connection is
 * borrowed for a statement and returned when its results are done; a transaction, and session SQL,
 * keep the connections they touched (see {@link PhysicalConnections}). Session settings and
 * session SQL are applied to each physical connection taken. With auto-commit off every shard
 * touched joins the transaction, which commits shard after shard (see {@link TransactionState}).
 * A physical connection that broke is dropped, never reused (see {@link UnitRunner#afterFailure}).
 *
 * <p>It holds JDBC state only: session settings, the shard hint, its statements, and transaction
 * control; where units run and what a failure means are its {@link UnitRunner} and
 * {@link ReplicaPolicy}, and what a move does to a statement is its {@link MoveRetry}. It is long
 * because {@link Connection} has over fifty methods, each of which it implements for every shard.
 *
 * <p>Like any JDBC connection it is used by one thread at a time; only {@code Statement.cancel()}
 * may come from another thread.
 */
public final class ShardConnection implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(ShardConnection.class);

    private final ShardRuntime runtime;
    private final SessionState session = new SessionState();
    private final PhysicalConnections physical;
    private final TransactionState tx;
    // a list, not a set: walked after every auto-commit statement (its connections went back), without allocating
    private final List<AbstractShardStatement> statements = new ArrayList<>();
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private String shardHint;
    // BEGIN sent as SQL turned auto-commit off; COMMIT/ROLLBACK sent as SQL turn it back on
    private boolean beganBySql;
    private SQLWarning warnings;
    private volatile boolean closed;
    // where units run, and running them again after failures
    private final UnitRunner units;
    // running statements again after an online move got in their way
    private final MoveRetry moves;

    public ShardConnection(ShardRuntime runtime) {
        this.runtime = runtime;
        this.physical = runtime.connections(session);
        this.tx = runtime.atomic() != null ? new TransactionState(runtime.atomic())
                : new TransactionState(runtime.config().transactions() == ShardConfig.TransactionMode.SINGLE_SHARD);
        this.units = new UnitRunner(new ReplicaPolicy(runtime.replicas(), physical, session, tx), physical, session, tx);
        this.moves = new MoveRetry(runtime, new MoveRetry.Session() {
            @Override
            public boolean autoCommit() throws SQLException { return getAutoCommit(); }

            @Override
            public SQLException failTransaction(SQLException failure) { return failMovingTransaction(failure); }
        });
        physical.onSlotReleased(slot -> {
            for (int i = 0; i < statements.size(); i++) statements.get(i).forgetSlot(slot);
        });
    }

    // ---- replicas: the shard-jdbc API

    /**
     * With {@code true}, every statement of this connection runs on primaries, reads included, until
     * it is set back to {@code false} (the default: reads outside read-write transactions may go to
     * replicas). A {@code /* primary *}{@code /} comment does the same for one statement.
     */
    public void setPrimaryOnly(boolean primaryOnly) throws SQLException {
        checkOpen();
        units.reads().primaryOnly(primaryOnly);
    }

    /** True when {@link #setPrimaryOnly} sent every statement to primaries. */
    public boolean isPrimaryOnly() { return units.reads().isPrimaryOnly(); }

    /**
     * The write position this connection's reads must see (its own committed writes), as a token to
     * hand to another connection's {@link #awaitPosition} (e.g. across web requests). Empty when the
     * connection wrote nothing the replicas could be missing.
     */
    public String readPosition() throws SQLException {
        checkOpen();
        return units.reads().readPosition();
    }

    /**
     * Makes this connection's reads see everything up to a token of {@link #readPosition} (from this
     * or another connection): they go only to replicas that have replayed it, else to the primary.
     */
    public void awaitPosition(String token) throws SQLException {
        checkOpen();
        units.reads().awaitPosition(token, runtime.topology());
    }

    // ---- the shard-jdbc API

    /**
     * Runs every following statement of this connection on one shard, unchanged, until
     * {@link #clearShardHint()}: for SQL the router cannot read or must not rewrite.
     *
     * @throws SQLException naming the known shards when the shard does not exist
     */
    public void setShardHint(String shardName) throws SQLException {
        checkOpen();
        if (shardName == null || runtime.topology().shardIndex(shardName) < 0) {
            throw new SQLException("unknown shard '" + shardName + "'; known shards: " + runtime.topology().shards(), "22023");
        }
        shardHint = shardName;
    }

    /** Routes statements by their SQL again. */
    public void clearShardHint() {
        shardHint = null;
    }

    /** The shard set by {@link #setShardHint}, or null. */
    public String shardHint() { return shardHint; }

    /** Where a statement with these parameters would run, without running it (honours the shard hint). */
    public RoutePlan explain(String sql, Object... params) throws SQLException {
        checkOpen();
        Parameters p = Parameters.of(params == null ? new Object[] {null} : params);
        RoutePlan plan = PlanCompiler.explain(plan(prepare(sql), p), sql, p);
        if (!plan.isFederated()) return plan;
        FederatedReads reads = new FederatedReads(null, this, plan.primaryRead(), sql);
        try {
            return plan.withFederatedPlan(runtime.federation().explain(runtime.topology(), sql, p, reads));
        } finally {
            reads.close();
        }
    }

    /** The runtime (config, topology, router, pools) this connection belongs to. */
    ShardRuntime runtime() { return runtime; }

    // ---- used by statements

    PreparedRoute prepare(String sql) {
        return runtime.router().prepare(sql);
    }

    RoutePlan plan(PreparedRoute route, Parameters params) throws SQLException {
        return shardHint != null ? route.routeToShard(shardHint, params) : route.route(params);
    }

    /** Primary slots (shard indexes, with room for shards added while the runtime runs); replica slots follow. */
    int shardCount() { return physical.shardCount(); }

    /** Connection slots of this connection: the primaries, then the replicas (see {@link PhysicalConnections}). */
    int slotCount() { return physical.slotCount(); }

    String shardName(int shard) { return runtime.topology().shardName(shard); }

    /**
     * The shard's (or slot's) physical connection, borrowed on first use. Unless a statement leased
     * it ({@link #lease}) or a transaction holds it, it goes back to its pool when the next statement
     * is done.
     */
    Connection physical(int shard) throws SQLException {
        checkOpen();
        return physical.get(shard);
    }

    /** The slot's connection, kept for a statement until {@link #unlease}; returns the lease's token. */
    long lease(int slot) throws SQLException {
        checkOpen();
        return physical.lease(slot);
    }

    /** A statement's results on a slot are done (see {@link PhysicalConnections#unlease}). */
    void unlease(long token) {
        physical.unlease(token);
    }

    /** A statement finished: connections nothing holds go back to their pools. */
    void statementDone() {
        physical.releaseIdle();
    }

    /** Runs the units of plans where they belong, and again after failures that allow it. */
    UnitRunner units() { return units; }

    /** What statements do when an online move got in their way. */
    MoveRetry moves() { return moves; }

    /**
     * Carries out a TRANSACTION or SESSION statement sent as SQL.
     *
     * @param parameters binds the values of a prepared session statement's markers, or null when it has none
     */
    void runControl(RoutePlan plan, String sql, SessionStatement.Binding parameters) throws SQLException {
        if (plan.transaction() != null) {
            transactionCommand(plan.transaction());
        } else {
            sessionStatement(plan, sql, parameters);
        }
    }

    private void transactionCommand(TransactionCommand cmd) throws SQLException {
        switch (cmd.action()) {
            case BEGIN -> {
                if (session.autoCommit()) {
                    setAutoCommit(false);
                    beganBySql = true;
                }
            }
            case COMMIT -> {
                if (session.autoCommit()) return;
                try {
                    commit();
                } finally {
                    endSqlTransaction();
                }
            }
            case ROLLBACK -> {
                if (session.autoCommit()) return;
                try {
                    rollback();
                } finally {
                    endSqlTransaction();
                }
            }
            case SAVEPOINT -> setSavepoint(cmd.savepoint());
            case ROLLBACK_TO_SAVEPOINT -> rollback(tx.savepoint(cmd.savepoint()));
            case RELEASE_SAVEPOINT -> releaseSavepoint(tx.savepoint(cmd.savepoint()));
        }
    }

    private void endSqlTransaction() throws SQLException {
        if (!beganBySql) return;
        beganBySql = false;
        applyAutoCommit(true);
    }

    /**
     * Runs a session statement on every open physical connection, then remembers it for the
     * connections borrowed later, so that every shard sees the same session.
     */
    private void sessionStatement(RoutePlan plan, String sql, SessionStatement.Binding parameters) throws SQLException {
        SessionStatement statement = new SessionStatement(plan.units().isEmpty() ? sql : plan.units().get(0).sql(), parameters);
        String physicalSql = statement.sql();
        // with no shard open yet, run it on one now so a mistake fails here and not at a later replay;
        // other shards get it when they are first used
        boolean anyOpen = false;
        for (int i = 0; i < physical.shardCount() && !anyOpen; i++) anyOpen = physical.peek(i) != null;
        if (!anyOpen) physical.get(plan.units().isEmpty() ? 0 : plan.units().get(0).shard());
        boolean lasting = !SessionState.isTransactionScoped(physicalSql);
        physical.forEachOpen((shard, c) -> {
            if (lasting) physical.markSessionChanged(shard);
            statement.runOn(c);
        });
        session.addStatement(statement);
    }

    void forget(AbstractShardStatement s) {
        statements.remove(s);
    }

    void checkOpen() throws SQLException {
        if (closed) throw new SQLException("the connection is closed", "08003");
    }

    private <S extends AbstractShardStatement> S track(S s) {
        statements.add(s);
        return s;
    }

    /** Only forward-only, read-only results exist; other requests are downgraded with a warning, as JDBC allows. */
    private void checkResultSetType(int type, int concurrency) {
        if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
            addWarning(new SQLWarning("shard-jdbc result sets are TYPE_FORWARD_ONLY and CONCUR_READ_ONLY;"
                    + " the requested type " + type + " / concurrency " + concurrency + " was downgraded", "01000"));
        }
    }

    private void addWarning(SQLWarning w) {
        if (warnings == null) warnings = w; else warnings.setNextWarning(w);
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(new ShardStatement(this, -1));
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        checkOpen();
        checkResultSetType(type, concurrency);
        return track(new ShardStatement(this, -1));
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        checkResultSetType(type, concurrency);
        return track(new ShardStatement(this, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.NONE, -1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        checkOpen();
        checkResultSetType(type, concurrency);
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.NONE, -1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        checkResultSetType(type, concurrency);
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.NONE, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.of(autoGeneratedKeys), -1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.of(columnIndexes), -1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return track(new ShardPreparedStatement(this, sql, GeneratedKeys.of(columnNames), -1));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw callsNotSupported();
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        throw callsNotSupported();
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        throw callsNotSupported();
    }

    private static SQLException callsNotSupported() {
        return new SQLFeatureNotSupportedException("CallableStatement is not supported by shard-jdbc yet: run the call"
                + " with a Statement (CALL/SELECT func(...)), or unwrap the physical connection of a shard", Refusals.SQL_STATE);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        beganBySql = false;
        if (autoCommit == session.autoCommit()) return;
        if (autoCommit) {
            // JDBC: switching auto-commit on commits the transaction in progress
            try {
                tx.commit(physical);
            } finally {
                applyAutoCommit(true);
            }
        } else {
            units.reads().captureWrites();
            applyAutoCommit(false);
        }
    }

    private void applyAutoCommit(boolean v) throws SQLException {
        session.autoCommit(v);
        session.endTransaction();
        units.reads().transactionEnded();
        tx.reset(physical);
        try {
            physical.forEachOpen((shard, c) -> c.setAutoCommit(v));
        } finally {
            physical.releaseIdle();
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return session.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("commit() is not allowed while auto-commit is on", "25000");
        try {
            tx.commit(physical);
            units.reads().captureWrites();
        } finally {
            session.endTransaction();
            units.reads().transactionEnded();
            physical.releaseIdle();
        }
    }

    /**
     * A write of this transaction was refused by a move's fence: the transaction is rolled back on
     * every shard (PostgreSQL has aborted it already; MariaDB would keep its earlier writes) and the
     * given error is returned for the caller to throw.
     */
    private SQLException failMovingTransaction(SQLException failure) {
        try {
            rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("rollback() is not allowed while auto-commit is on", "25000");
        try {
            tx.rollback(physical);
        } finally {
            session.endTransaction();
            units.reads().transactionEnded();
            physical.releaseIdle();
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("savepoints need a transaction: turn auto-commit off first", "25000");
        return tx.setSavepoint(name, physical);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("rollback(savepoint) is not allowed while auto-commit is on", "25000");
        tx.rollback(own(savepoint), physical);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("releaseSavepoint is not allowed while auto-commit is on", "25000");
        tx.release(own(savepoint), physical);
    }

    private static ShardSavepoint own(Savepoint sp) throws SQLException {
        if (sp instanceof ShardSavepoint s) return s;
        throw new SQLException("not a savepoint of this shard-jdbc connection: " + sp, "3B001");
    }

    // ---- session settings: remembered, applied to every physical connection now and later

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        session.readOnly(readOnly);
        physical.forEachOpen((shard, c) -> c.setReadOnly(readOnly));
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.readOnly() != null && session.readOnly();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        session.isolation(level);
        physical.forEachOpen((shard, c) -> c.setTransactionIsolation(level));
    }

    /** The level set on this connection, else the default shard's. */
    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        try {
            return session.isolation() != null ? session.isolation() : physical(0).getTransactionIsolation();
        } finally {
            physical.releaseIdle();
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        session.catalog(catalog);
        physical.forEachOpen((shard, c) -> c.setCatalog(catalog));
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        try {
            return session.catalog() != null ? session.catalog() : physical(0).getCatalog();
        } finally {
            physical.releaseIdle();
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        session.schema(schema);
        physical.forEachOpen((shard, c) -> c.setSchema(schema));
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        try {
            return session.schema() != null ? session.schema() : physical(0).getSchema();
        } finally {
            physical.releaseIdle();
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        session.holdability(holdability);
        physical.forEachOpen((shard, c) -> {
            physical.markSessionChanged(shard); // pools do not reset holdability: the connection stays with this session
            c.setHoldability(holdability);
        });
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        try {
            return session.holdability() != null ? session.holdability() : physical(0).getHoldability();
        } finally {
            physical.releaseIdle();
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) throw new SQLException("network timeout must be >= 0, not " + milliseconds, "22023");
        session.networkTimeout(executor, milliseconds);
        physical.forEachOpen((shard, c) -> c.setNetworkTimeout(executor, milliseconds));
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return Math.max(session.networkTimeout(), 0);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map == null ? new HashMap<>() : map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) clientInfo.remove(name); else clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    // ---- metadata and values made by the default shard

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return ShardDatabaseMetaData.wrap(physical(0).getMetaData(), this, runtime.url());
    }

    @Override public Clob createClob() throws SQLException { return physical(0).createClob(); }
    @Override public Blob createBlob() throws SQLException { return physical(0).createBlob(); }
    @Override public NClob createNClob() throws SQLException { return physical(0).createNClob(); }
    @Override public SQLXML createSQLXML() throws SQLException { return physical(0).createSQLXML(); }
    @Override public Array createArrayOf(String typeName, Object[] elements) throws SQLException { return physical(0).createArrayOf(typeName, elements); }
    @Override public Struct createStruct(String typeName, Object[] attributes) throws SQLException { return physical(0).createStruct(typeName, attributes); }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        SQLWarning first = warnings;
        for (int i = 0; i < physical.shardCount(); i++) {
            Connection c = physical.peek(i);
            SQLWarning w = c == null ? null : c.getWarnings();
            if (w == null) continue;
            if (first == null) first = w; else first.setNextWarning(w);
        }
        return first;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
        physical.forEachOpen((shard, c) -> c.clearWarnings());
    }

    /**
     * True when every shard answers within the timeout (seconds, 0 for none): each connection held
     * passes its driver's check, and each other shard lends a connection from its pool that does.
     * So a health check built on it reports a shard that is down. A held connection that fails the
     * check is dropped (inside a transaction the transaction has lost that shard).
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) throw new SQLException("timeout must be >= 0, not " + timeout, "22023");
        if (closed) return false;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(timeout);
        for (int i = 0; i < physical.shardCount(); i++) {
            long leftMillis = timeout == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Connection c = physical.peek(i);
            if (c == null) {
                if (!runtime.pools().answers(i, leftMillis)) return false;
                continue;
            }
            boolean valid;
            try {
                valid = !c.isClosed() && c.isValid(timeout == 0 ? 0 : (int) Math.max(1, leftMillis / 1000));
            } catch (SQLException e) {
                valid = false;
            }
            if (!valid) {
                physical.dropIfBroken(i, new SQLException("shard " + shardName(i) + ": connection not valid", "08006"));
                return false;
            }
        }
        return true;
    }

    // ---- close

    /**
     * Closes every statement, rolls back an unfinished transaction and returns every physical
     * connection to its pool. Calling it again does nothing. Failures on the way are logged, not
     * thrown: a physical connection that fails here is broken, its pool discards it, and its
     * database rolls back what it had not committed.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        release();
    }

    private void release() {
        for (AbstractShardStatement s : new ArrayList<>(statements)) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.debug("closing a statement with its connection failed: {}", e.toString());
            }
        }
        statements.clear();
        if (!session.autoCommit() && tx.isActive()) {
            try {
                tx.rollback(physical);
            } catch (SQLException e) {
                LOG.warn("rolling back the open transaction of a closing connection failed: {}", e.toString());
            }
        }
        physical.close();
    }

    @Override
    public boolean isClosed() { return closed; }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) throw new SQLException("abort needs an executor", "22023");
        if (closed) return;
        closed = true;
        executor.execute(this::release);
    }

    /**
     * Unwraps to this connection, or to a physical connection type (e.g. {@code PGConnection}): the
     * hinted shard's connection if a hint is set, else the default shard's.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        // for the driver's sibling modules (the Spring Boot starter over a pool of jdbc:shard: connections)
        if (iface == ShardRuntime.class) return iface.cast(runtime);
        Connection c = physical(shardHint == null ? 0 : runtime.topology().shardIndex(shardHint));
        if (iface.isInstance(c)) return iface.cast(c);
        try {
            return c.unwrap(iface);
        } catch (SQLException e) {
            throw ShardErrors.fromShard(shardHint == null ? shardName(0) : shardHint, e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this) || iface == ShardRuntime.class) return true;
        Connection c = physical(shardHint == null ? 0 : runtime.topology().shardIndex(shardHint));
        return iface.isInstance(c) || c.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "ShardConnection[" + (runtime.url() != null ? runtime.url() : runtime.config().source()) + "]";
    }
}
