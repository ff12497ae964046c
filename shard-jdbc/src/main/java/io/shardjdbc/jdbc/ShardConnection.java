package io.shardjdbc.jdbc;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.execute.PhysicalConnections;
import io.shardjdbc.execute.ShardErrors;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.route.TransactionCommand;
import io.shardjdbc.tx.SessionState;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection over all shards. Physical connections are borrowed lazily, one per shard
 * the session touches, and held until {@link #close()}; session settings and session SQL are
 * applied to each of them, now and when more are borrowed later. With auto-commit off every shard
 * touched joins the transaction, which commits shard after shard (see {@link TransactionState}).
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
    private final Set<AbstractShardStatement> statements = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private String shardHint;
    // BEGIN sent as SQL turned auto-commit off; COMMIT/ROLLBACK sent as SQL turn it back on
    private boolean beganBySql;
    private SQLWarning warnings;
    private volatile boolean closed;

    public ShardConnection(ShardRuntime runtime) {
        this.runtime = runtime;
        this.physical = new PhysicalConnections(runtime, session);
        this.tx = new TransactionState(runtime.config().transactions() == ShardConfig.TransactionMode.SINGLE_SHARD);
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
        return plan(prepare(sql), Parameters.of(params == null ? new Object[] {null} : params));
    }

    /** The runtime (config, topology, router, pools) this connection belongs to. */
    public ShardRuntime runtime() { return runtime; }

    // ---- used by statements

    PreparedRoute prepare(String sql) {
        return runtime.router().prepare(sql);
    }

    RoutePlan plan(PreparedRoute route, Parameters params) throws SQLException {
        return shardHint != null ? route.routeToShard(shardHint) : route.route(params);
    }

    int shardCount() { return runtime.topology().shardCount(); }

    String shardName(int shard) { return runtime.topology().shardName(shard); }

    /** The shard's physical connection, borrowed on first use. */
    Connection physical(int shard) throws SQLException {
        checkOpen();
        return physical.get(shard);
    }

    /** Before the units of a plan run: inside a transaction, their shards join it (or are refused). */
    void beforeUnits(RoutePlan plan, String sql) throws SQLException {
        if (session.autoCommit()) return;
        List<RouteUnit> units = plan.units();
        int[] shards = new int[units.size()];
        for (int i = 0; i < shards.length; i++) shards[i] = units.get(i).shard();
        tx.enlist(shards, physical, sql);
    }

    /** Carries out a TRANSACTION or SESSION statement sent as SQL. */
    void runControl(RoutePlan plan, String sql) throws SQLException {
        if (plan.transaction() != null) {
            transactionCommand(plan.transaction());
        } else {
            sessionStatement(plan, sql);
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
    private void sessionStatement(RoutePlan plan, String sql) throws SQLException {
        String physicalSql = plan.units().isEmpty() ? sql : plan.units().get(0).sql();
        // with no shard open yet, run it on one now so a mistake fails here and not at a later replay;
        // other shards get it when they are first used
        boolean anyOpen = false;
        for (int i = 0; i < physical.shardCount() && !anyOpen; i++) anyOpen = physical.peek(i) != null;
        if (!anyOpen) physical.get(plan.units().isEmpty() ? 0 : plan.units().get(0).shard());
        boolean lasting = !SessionState.isTransactionScoped(physicalSql);
        physical.forEachOpen((shard, c) -> {
            if (lasting) physical.markSessionChanged(shard);
            try (Statement s = c.createStatement()) {
                s.execute(physicalSql);
            }
        });
        session.addStatement(physicalSql);
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
                + " with a Statement (CALL/SELECT func(...)), or unwrap the physical connection of a shard", "0A000");
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
            applyAutoCommit(false);
        }
    }

    private void applyAutoCommit(boolean v) throws SQLException {
        session.autoCommit(v);
        session.endTransaction();
        tx.reset();
        physical.forEachOpen((shard, c) -> c.setAutoCommit(v));
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
        } finally {
            session.endTransaction();
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (session.autoCommit()) throw new SQLException("rollback() is not allowed while auto-commit is on", "25000");
        try {
            tx.rollback(physical);
        } finally {
            session.endTransaction();
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
        return session.isolation() != null ? session.isolation() : physical(0).getTransactionIsolation();
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
        return session.catalog() != null ? session.catalog() : physical(0).getCatalog();
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
        return session.schema() != null ? session.schema() : physical(0).getSchema();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        session.holdability(holdability);
        physical.forEachOpen((shard, c) -> c.setHoldability(holdability));
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return session.holdability() != null ? session.holdability() : physical(0).getHoldability();
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
     * True when every physical connection held is valid. With none held there is nothing of this
     * connection to check: each shard's pool validates a physical connection when lending it.
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) throw new SQLException("timeout must be >= 0, not " + timeout, "22023");
        if (closed) return false;
        for (int i = 0; i < physical.shardCount(); i++) {
            Connection c = physical.peek(i);
            if (c != null && !c.isValid(timeout)) return false;
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
        if (iface.isInstance(this)) return true;
        Connection c = physical(shardHint == null ? 0 : runtime.topology().shardIndex(shardHint));
        return iface.isInstance(c) || c.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "ShardConnection[" + (runtime.url() != null ? runtime.url() : runtime.config().source()) + "]";
    }
}
