package io.shardjdbc.jdbc;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.execute.PhysicalConnections;
import io.shardjdbc.execute.ShardErrors;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.replica.ReplicaNode;
import io.shardjdbc.replica.ReplicaSet;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.route.StatementKind;
import io.shardjdbc.route.TransactionCommand;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.tx.SessionState;
import io.shardjdbc.tx.SessionStatement;
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
 * A physical connection that broke is dropped, never reused (see {@link #afterFailure}).
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
    // ---- replicas (all unused when no shard has replicas)
    private final ReplicaSet replicas;
    private final boolean readYourWrites;
    private boolean primaryOnly;
    // per shard: a write ran whose position is not captured yet; the primary's position after this
    // connection's last write; for databases that give no position, reads stay on the primary until then
    private final boolean[] uncaptured;
    private final String[] writtenAt;
    private final long[] primaryUntilNanos;
    // per shard: the slot a read-only transaction reads (one node for the whole transaction, so its reads
    // never go back in time), or -1 before its first read
    private final int[] txSlot;

    public ShardConnection(ShardRuntime runtime) {
        this.runtime = runtime;
        this.physical = new PhysicalConnections(runtime, session);
        this.tx = runtime.atomic() != null ? new TransactionState(runtime.atomic())
                : new TransactionState(runtime.config().transactions() == ShardConfig.TransactionMode.SINGLE_SHARD);
        this.replicas = runtime.replicas();
        this.readYourWrites = replicas != null && runtime.config().reads().sessionConsistency();
        int n = physical.shardCount();
        this.uncaptured = new boolean[n];
        this.writtenAt = new String[n];
        this.primaryUntilNanos = new long[n];
        this.txSlot = new int[n];
        java.util.Arrays.fill(txSlot, -1);
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
        this.primaryOnly = primaryOnly;
    }

    /** True when {@link #setPrimaryOnly} sent every statement to primaries. */
    public boolean isPrimaryOnly() { return primaryOnly; }

    /**
     * The write position this connection's reads must see (its own committed writes), as a token to
     * hand to another connection's {@link #awaitPosition} (e.g. across web requests). Empty when the
     * connection wrote nothing the replicas could be missing.
     */
    public String readPosition() throws SQLException {
        checkOpen();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < writtenAt.length; i++) {
            if (uncaptured[i] && session.autoCommit()) capture(i);
            if (writtenAt[i] == null) continue;
            if (sb.length() > 0) sb.append(';');
            sb.append(shardName(i)).append('=').append(writtenAt[i]);
        }
        return sb.toString();
    }

    /**
     * Makes this connection's reads see everything up to a token of {@link #readPosition} (from this
     * or another connection): they go only to replicas that have replayed it, else to the primary.
     */
    public void awaitPosition(String token) throws SQLException {
        checkOpen();
        if (token == null || token.isBlank()) return;
        for (String part : token.split(";")) {
            int eq = part.indexOf('=');
            int shard = eq < 1 ? -1 : runtime.topology().shardIndex(part.substring(0, eq));
            if (shard < 0) {
                throw new SQLException("not a read position of this configuration: '" + part + "' (expected shard=position;"
                        + " known shards: " + runtime.topology().shards() + ")", "22023");
            }
            String pos = part.substring(eq + 1);
            String mine = writtenAt[shard];
            if (replicas == null) continue;
            if (mine == null || !replicas.dialect().reached(mine, pos)) writtenAt[shard] = pos;
        }
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
        RoutePlan plan = plan(prepare(sql), p);
        if (!plan.isFederated()) return plan;
        FederatedReads reads = new FederatedReads(null, this, plan.primaryRead(), sql);
        try {
            return plan.withFederatedPlan(runtime.federation().explain(runtime.topology(), sql, p, reads));
        } finally {
            reads.close();
        }
    }

    /** The runtime (config, topology, router, pools) this connection belongs to. */
    public ShardRuntime runtime() { return runtime; }

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

    /**
     * Before the units of a plan run: chooses where each runs and, inside a transaction, enlists the
     * primaries it uses (or refuses). Returns the connection slot of each unit, or null when every
     * unit runs on its shard's primary. Reads (queries without row locks or a primary hint) go to a
     * replica outside read-write transactions, unless {@link #setPrimaryOnly}; then the caller
     * calls {@link #unitsDone}.
     */
    int[] beforeUnits(RoutePlan plan, String sql) throws SQLException {
        List<RouteUnit> units = plan.units();
        if (replicas == null) {
            if (!session.autoCommit()) enlist(units, null, sql, plan.kind() != StatementKind.QUERY);
            return null;
        }
        boolean read = plan.kind() == StatementKind.QUERY && !plan.primaryRead();
        if (plan.kind() != StatementKind.QUERY && readYourWrites) for (RouteUnit u : units) uncaptured[u.shard()] = true;
        boolean replicaOk = read && !primaryOnly && (session.autoCommit() || isReadOnly());
        if (!replicaOk) {
            if (!session.autoCommit()) enlist(units, null, sql, plan.kind() != StatementKind.QUERY);
            return null;
        }
        boolean inTx = !session.autoCommit();
        if (inTx && session.isolation() != null && session.isolation() > TRANSACTION_READ_COMMITTED) {
            enlist(units, null, sql, false); // one snapshot over several statements: the primary's transaction gives it
            return null;
        }
        int[] slots = new int[units.size()];
        boolean onReplica = false;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = inTx ? txReadSlot(units.get(i).shard()) : readSlot(units.get(i).shard());
            onReplica |= slots[i] >= shardCount();
        }
        if (!session.autoCommit()) { // a read-only transaction: the primaries it reads join it
            try {
                enlist(units, slots, sql, false);
            } catch (SQLException e) {
                unitsDone(slots);
                throw e;
            }
        }
        return onReplica ? slots : null;
    }

    private void enlist(List<RouteUnit> units, int[] slots, String sql, boolean write) throws SQLException {
        int n = 0;
        int[] shards = new int[units.size()];
        for (int i = 0; i < shards.length; i++) if (slots == null || slots[i] < shardCount()) shards[n++] = units.get(i).shard();
        if (n > 0) tx.enlist(n == shards.length ? shards : java.util.Arrays.copyOf(shards, n), physical, sql, write);
    }

    /**
     * The slot that serves a read of a shard in a read-only transaction: the node of its first read
     * (monotonic reads); if that replica failed since, the primary, which has everything it had.
     */
    private int txReadSlot(int shard) throws SQLException {
        int pinned = txSlot[shard];
        if (pinned < 0) return txSlot[shard] = readSlot(shard);
        ReplicaNode n = physical.replicaOf(pinned);
        if (n == null) return pinned;
        if (!n.isDown()) {
            replicas.begin(n);
            return pinned;
        }
        return txSlot[shard] = shard;
    }

    /** The slot that serves a read of a shard: a replica chosen by the balancer, or the primary. */
    private int readSlot(int shard) throws SQLException {
        String need = null;
        if (readYourWrites) {
            if (uncaptured[shard]) {
                if (!session.autoCommit()) return shard; // a write of this transaction, or one not captured yet
                capture(shard);
            }
            if (primaryUntilNanos[shard] != 0) {
                if (System.nanoTime() - primaryUntilNanos[shard] < 0) return shard;
                primaryUntilNanos[shard] = 0;
            }
            need = writtenAt[shard];
        }
        ReplicaNode n = replicas.choose(shard, need);
        if (n == null && need != null) n = checkReplica(shard, need);
        return n == null ? shard : physical.replicaSlot(shard, n.index());
    }

    /**
     * No replica is known to have replayed this connection's last write on the shard, but one may
     * have since it was last measured: ask one (a single cheap query) before falling back to the primary.
     */
    private ReplicaNode checkReplica(int shard, String need) {
        ReplicaNode n = replicas.chooseToCheck(shard);
        if (n == null) return null;
        int slot = physical.replicaSlot(shard, n.index());
        try {
            String pos = replicas.dialect().replicaPosition(physical.get(slot));
            replicas.sawPosition(n, pos);
            if (pos == null || !replicas.dialect().reached(pos, need)) return null;
            replicas.begin(n);
            return n;
        } catch (SQLException e) {
            n.failed(e);
            physical.releaseReplica(slot, true);
            return null;
        }
    }

    /** Remembers where the primary's WAL/binlog is after this connection's write on a shard (auto-commit on). */
    private void capture(int shard) throws SQLException {
        uncaptured[shard] = false;
        String pos;
        try {
            pos = replicas.dialect().primaryPosition(physical.get(shard));
        } catch (SQLException e) {
            throw ShardErrors.fromShard(shardName(shard), e);
        }
        if (pos != null) {
            writtenAt[shard] = pos;
        } else { // no positions: a replica within max-lag has the write once max-lag (and a measurement) passed
            long window = runtime.config().reads().maxLag().toNanos() + runtime.config().reads().lagCheckInterval().toNanos();
            primaryUntilNanos[shard] = System.nanoTime() + Math.max(1, window);
        }
    }

    /**
     * After a commit (or before a transaction starts): remembers the primaries' positions of the
     * writes not captured yet, so that reads stay consistent with them from now on. The commit has
     * happened, so a failure here does not fail it: those shards' reads use the time window instead.
     */
    private void captureWrites() {
        if (!readYourWrites) return;
        for (int shard = 0; shard < uncaptured.length; shard++) {
            if (!uncaptured[shard]) continue;
            try {
                capture(shard);
                if (!session.autoCommit()) physical.get(shard).commit(); // end the transaction the query began
            } catch (SQLException e) {
                LOG.debug("shard {}: reading the primary's position after a commit failed: {}", shardName(shard), e.toString());
                long window = runtime.config().reads().maxLag().toNanos() + runtime.config().reads().lagCheckInterval().toNanos();
                primaryUntilNanos[shard] = System.nanoTime() + Math.max(1, window);
            }
        }
    }

    /** The reads of {@link #beforeUnits} ran (or failed): replicas count them off. */
    void unitsDone(int[] slots) {
        if (slots == null) return;
        for (int slot : slots) {
            ReplicaNode n = physical.replicaOf(slot);
            if (n != null) replicas.done(n);
        }
    }

    /**
     * A read that used replicas failed before returning rows: when a replica is to blame (its
     * connection is lost, or it refused the statement as read-only, e.g. a function that writes),
     * returns new slots to run it again (failed replicas are out of rotation now); else null and
     * the failure is the application's.
     */
    int[] retryRead(RoutePlan plan, int[] slots, SQLException e) throws SQLException {
        boolean refused = false;
        boolean lost = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) lost = true;
            if (t instanceof SQLException se) {
                String st = se.getSQLState();
                // 25006 read-only transaction, 40001 canceled by a recovery conflict (PostgreSQL standby), MySQL 1290 --read-only
                if ("25006".equals(st) || "40001".equals(st) || se.getErrorCode() == 1290) refused = true;
                if (st != null && (st.startsWith("08") || st.startsWith("57P"))) lost = true;
            }
            if (t.getCause() == t) break;
        }
        if (!refused && !lost) return null;
        int n = shardCount();
        boolean blamed = refused;
        for (int slot : slots) {
            ReplicaNode node = physical.replicaOf(slot);
            if (node == null || !lost) continue;
            Connection c = physical.peek(slot);
            boolean alive = false;
            try {
                alive = c != null && c.isValid(1);
            } catch (SQLException ignored) {
                // not valid
            }
            if (!alive) {
                node.failed(e);
                physical.releaseReplica(slot, true);
                blamed = true;
            }
        }
        if (!blamed) return null;
        List<RouteUnit> units = plan.units();
        int[] again = new int[slots.length];
        for (int i = 0; i < again.length; i++) {
            int shard = units.get(i).shard();
            boolean inTx = !session.autoCommit();
            again[i] = refused || slots[i] < n || inTx ? shard : readSlot(shard);
            if (inTx) txSlot[shard] = shard;
        }
        if (!session.autoCommit()) enlist(units, again, plan.units().get(0).sql(), false); // a read-only transaction
        return again;
    }

    /**
     * After an execution failed: drops every primary connection that broke (the next statement takes
     * a fresh one). Returns null when the statement should run once more: a query in auto-commit
     * mode whose shard connection was lost (a read changes nothing, so running it again is safe);
     * otherwise the error to throw, of class 08 when the open transaction lost a shard.
     *
     * @param plan     the failed plan, or null when unknown (batches, federation)
     * @param mayRetry false when the statement already ran twice
     */
    SQLException afterFailure(SQLException e, RoutePlan plan, boolean mayRetry) {
        // one unit: the error is that shard's, so a connection loss it reports counts even if the pool did not see it
        int single = plan != null && plan.units().size() == 1 ? plan.units().get(0).shard() : -1;
        boolean replaced = false;
        int lost = -1;
        for (int shard = 0; shard < shardCount(); shard++) {
            PhysicalConnections.Link link = physical.dropIfBroken(shard, shard == single ? e : null);
            if (link == PhysicalConnections.Link.REPLACED) replaced = true;
            else if (link == PhysicalConnections.Link.LOST_IN_TRANSACTION) lost = shard;
        }
        if (lost >= 0) {
            // the statement was the transaction's first on that shard: nothing else of it is lost there
            if (mayRetry && single == lost && tx.withdrawNewlyLost(lost, physical)) {
                LOG.debug("shard {}: a transaction's first statement there lost its connection and runs again on a fresh one: {}",
                        shardName(lost), e.toString());
                return null;
            }
            return physical.lostInTransaction(lost, e);
        }
        boolean read = plan != null && plan.kind() == StatementKind.QUERY;
        if (replaced && mayRetry && read && session.autoCommit()) {
            LOG.debug("a read lost its shard connection and runs again on a fresh one: {}", e.toString());
            return null;
        }
        return e;
    }

    /** Before a plan runs again after {@link #afterFailure}: a transaction enlists its shards again. */
    void beforeRetry(RoutePlan plan, String sql) throws SQLException {
        if (!session.autoCommit()) enlist(plan.units(), null, sql, plan.kind() != StatementKind.QUERY);
    }

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
            captureWrites();
            applyAutoCommit(false);
        }
    }

    private void applyAutoCommit(boolean v) throws SQLException {
        session.autoCommit(v);
        session.endTransaction();
        java.util.Arrays.fill(txSlot, -1);
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
            captureWrites();
        } finally {
            session.endTransaction();
            java.util.Arrays.fill(txSlot, -1);
            physical.releaseIdle();
        }
    }

    /**
     * A write of this transaction was refused by a move's fence: the transaction is rolled back on
     * every shard (PostgreSQL has aborted it already; MariaDB would keep its earlier writes) and the
     * given error is returned for the caller to throw.
     */
    SQLException failMovingTransaction(SQLException failure) {
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
            java.util.Arrays.fill(txSlot, -1);
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
