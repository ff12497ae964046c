package io.shardjdbc.jdbc;

import io.shardjdbc.engine.ExecMode;
import io.shardjdbc.engine.Outcome;
import io.shardjdbc.engine.PlanCompiler;
import io.shardjdbc.engine.Primitive;
import io.shardjdbc.execute.MoveRetry;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.execute.MovedAway;
import io.shardjdbc.execute.TopologySource;
import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.SqlLexer;
import io.shardjdbc.physical.SessionStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What logical statements and prepared statements share: the settings applied to every physical
 * statement, the current result, cancel and close, and handing each execution's {@link RoutePlan}
 * to the engine (its primitive tree, run by the connection's {@code UnitRunner}; see
 * {@link UnitExecution}). Subclasses say how one unit gets its physical statement and runs. It is
 * long because {@link Statement} has over forty methods, most of which apply a setting to every
 * physical statement.
 */
abstract class AbstractShardStatement implements Statement {
    final ShardConnection connection;
    final int resultSetHoldability;

    private int fetchSize;
    private long maxRows;
    private int queryTimeout;
    private int maxFieldSize;
    private boolean escapeProcessing = true;
    private boolean poolable;
    private String cursorName;

    // every physical statement this statement created; read by cancel() from another thread
    private final List<Statement> physical = new CopyOnWriteArrayList<>();
    // the physical statements (and their shards) of the last execution, in unit order
    final List<Statement> ran = new ArrayList<>();
    final List<String> ranShards = new ArrayList<>();

    private ShardResultSet result;
    // one instance for every result of this statement: a method reference would allocate per execution
    private final Runnable onResultClosed = this::resultClosed;
    // how the engine reaches this statement's physical statements while a plan runs
    private final UnitExecution unitExecution;
    private long updateCount = -1;
    private boolean closeOnCompletion;
    private boolean closingResultInternally;
    private boolean steppingResults;
    private volatile boolean closed;

    AbstractShardStatement(ShardConnection connection, int resultSetHoldability) {
        this.connection = connection;
        this.resultSetHoldability = resultSetHoldability;
        this.unitExecution = new UnitExecution(this, connection);
    }

    // ---- what subclasses provide

    /**
     * The physical statement for a unit on a connection slot (the shard's primary, or one of its
     * replicas: see {@code PhysicalConnections}), created or reused, with parameters bound.
     */
    abstract Statement prepareUnit(RouteUnit unit, int slot) throws SQLException;

    /** Drops (closes) the physical statements made on a slot's connection: it goes back to its pool. */
    abstract void forgetSlot(int slot);

    abstract ResultSet query(Statement s, RouteUnit unit) throws SQLException;

    abstract long update(Statement s, RouteUnit unit) throws SQLException;

    abstract boolean exec(Statement s, RouteUnit unit) throws SQLException;

    /** Forgets statements cached by the subclass, on close. */
    abstract void forgetPhysical();

    /**
     * Routes the last executed statement again on the current topology (after a move changed it),
     * setting {@link #plannedOn}.
     */
    abstract RoutePlan replan() throws SQLException;

    /**
     * How a session statement's parameter values bind to each shard's physical statement, now and when the
     * connection replays it on a shard opened later; null for a statement without parameters.
     */
    SessionStatement.Binding sessionParameters(RouteUnit unit) throws SQLException { return null; }

    /** False when the statement's parameters cannot be bound a second time (a stream was read). */
    boolean canRunAgain() { return true; }

    // counted up by cancel() (from another thread): a statement waiting for a move's topology stops waiting
    // when it changed since the execution began (a read at the start costs less than resetting a flag)
    private volatile int cancels;

    /** The topology snapshot the current execution was routed on; set by subclasses as they route. */
    TopologySource.Snapshot plannedOn;

    /** True when the last execution asked for generated keys: its shard statements must stay readable. */
    abstract boolean wantsGeneratedKeys();

    // ---- the shard connections this statement's current results are read from

    // lease tokens (see PhysicalConnections.lease), at most one per slot
    private long[] leases = new long[2];
    private int leaseCount;

    /** Keeps a slot's connection with this statement until its results are done. */
    final void lease(int slot) throws SQLException {
        for (int i = 0; i < leaseCount; i++) if (io.shardjdbc.physical.PhysicalConnections.slotOf(leases[i]) == slot) return;
        long token = connection.lease(slot);
        if (leaseCount == leases.length) leases = java.util.Arrays.copyOf(leases, leaseCount * 2);
        leases[leaseCount++] = token;
    }

    /** This statement's results are done: the connections it read them from may go back to their pools. */
    final void releaseLeases() {
        int n = leaseCount;
        leaseCount = 0;
        for (int i = 0; i < n; i++) connection.unlease(leases[i]);
    }

    // ---- running a plan

    /**
     * Runs every unit of a plan (or, for a federated plan, the federation engine) and makes its
     * result current; true when the result is rows.
     *
     * @param params the statement's parameter values (federation evaluates them itself)
     */
    final boolean executePlan(RoutePlan plan, ExecMode mode, String sql, Parameters params) throws SQLException {
        int cancelsBefore = cancels;
        try {
            return runPlan(plan, mode, sql, params);
        } catch (SQLException e) {
            // an online move may have got in the way: the retry says whether and where the statement runs again
            return connection.moves().afterFailure(e, plan, sql, new MoveRetry.Run() {
                @Override
                public boolean run(RoutePlan again) throws SQLException { return runPlan(again, mode, sql, params); }

                @Override
                public RoutePlan replan() throws SQLException { return AbstractShardStatement.this.replan(); }

                @Override
                public TopologySource.Snapshot plannedOn() { return plannedOn; }

                @Override
                public boolean canRunAgain() { return AbstractShardStatement.this.canRunAgain(); }

                @Override
                public boolean cancelled() { return cancels != cancelsBefore; }

                @Override
                public int queryTimeout() { return queryTimeout; }
            });
        }
    }

    // the observers' view of the execution that runs now; read by shard statements on the executor's threads,
    // which are handed their work after it is set
    private ExecutionObserver.Execution observed = ExecutionObserver.Execution.IGNORED;

    /** The current execution as observers see it (federated reads report their shard statements to it). */
    final ExecutionObserver.Execution observed() { return observed; }

    /** Runs a plan once. */
    private boolean runPlan(RoutePlan plan, ExecMode mode, String sql, Parameters params) throws SQLException {
        beginExecution();
        ExecutionObserver.Execution execution = connection.runtime().observers().started(plan, sql);
        observed = execution;
        try {
            boolean rows = runShards(plan, mode, sql, params);
            // nothing can be read from the shards' statements any more: their connections may go back
            if (!rows && mode == ExecMode.UPDATE && !wantsGeneratedKeys()) releaseLeases();
            execution.finished(null);
            return rows;
        } catch (SQLException | RuntimeException e) {
            releaseLeases();
            execution.finished(e);
            throw e;
        } finally {
            observed = ExecutionObserver.Execution.IGNORED;
            // DDL may have changed columns the driver learned (key column types, federation's columns)
            if (plan.kind() == StatementKind.DDL) connection.runtime().schemaChanged();
            connection.statementDone();
        }
    }

    private boolean runShards(RoutePlan plan, ExecMode mode, String sql, Parameters params) throws SQLException {
        StatementKind kind = plan.kind();
        if (kind == StatementKind.TRANSACTION || kind == StatementKind.SESSION) {
            if (mode == ExecMode.QUERY) throw notAQuery(kind, sql);
            connection.runControl(plan, sql, plan.units().isEmpty() ? null : sessionParameters(plan.units().get(0)));
            updateCount = 0;
            return false;
        }
        if (mode == ExecMode.QUERY && kind.isWrite()) {
            if (!returnsRows(sql)) throw notAQuery(kind, sql);
            // MySQL Connector/J refuses executeQuery for a write even when it returns rows: its execute() reads them
            mode = ExecMode.ANY;
        }
        if (plan.keyMove() != null) {
            updateCount = ShardKeyUpdate.run(connection, plan, sql, params);
            return false;
        }
        if (plan.readFirst() != null) {
            updateCount = ReadFirstWrite.run(connection, plan.readFirst(), params);
            return false;
        }
        Primitive tree = PlanCompiler.compile(plan, sql, params);
        // federation places its shard reads itself, batch by batch
        Outcome out = plan.isFederated() ? unitExecution.open(tree, mode)
                : connection.units().run(plan, sql, unitExecution.of(tree, mode));
        if (!out.hasRows()) {
            updateCount = out.updateCount();
            if (updateCount == 0 || plan.units().size() > 1) {
                SQLException refusal = plannedOn == null ? null : movedAwayRefusal(plan, plannedOn.storeVersion());
                if (refusal != null) throw refusal;
            }
            return false;
        }
        result = new ShardResultSet(this, out.rows(), onResultClosed);
        return true;
    }

    /**
     * An UPDATE or DELETE that matched no row, or ran on several shards, may have gone to a shard a move
     * took its unit from (its rows deleted there, so the fence's row trigger saw nothing): then the
     * refusal the fence would have given, for the move's retry to run it on the new topology; else null.
     *
     * @param routedVersion the store version of the topology the plan was routed on
     */
    final SQLException movedAwayRefusal(RoutePlan plan, long routedVersion) throws SQLException {
        MovedAway movedAway = connection.runtime().movedAway();
        if (movedAway == null || (plan.kind() != StatementKind.UPDATE && plan.kind() != StatementKind.DELETE)) return null;
        for (RouteUnit u : plan.units()) {
            SQLException refusal = movedAway.refusal(connection.physical(u.shard()), u.shard(), u.shardName(), routedVersion);
            if (refusal != null) return refusal;
        }
        return null;
    }

    /** Drops the physical statement a unit ran with if the subclass keeps statements per SQL text. */
    void forgetStatement(RouteUnit unit, int slot) { }

    /** Closes the previous result and forgets the previous execution. */
    void beginExecution() throws SQLException {
        checkOpen();
        closeResult();
        steppingResults = false;
        releaseLeases();
        ran.clear();
        ranShards.clear();
        updateCount = -1;
    }

    /** Applies this statement's settings to a new physical statement and tracks it for cancel and close. */
    final <S extends Statement> S register(S s) throws SQLException {
        if (fetchSize != 0) s.setFetchSize(fetchSize);
        if (maxRows != 0) s.setMaxRows(physicalMaxRows());
        if (queryTimeout != 0) s.setQueryTimeout(queryTimeout);
        if (maxFieldSize != 0) s.setMaxFieldSize(maxFieldSize);
        if (!escapeProcessing) s.setEscapeProcessing(false);
        if (poolable) s.setPoolable(true);
        if (cursorName != null) s.setCursorName(cursorName);
        physical.add(s);
        return s;
    }

    /** Stops tracking and closes a physical statement that is no longer needed. */
    final void release(Statement s) {
        physical.remove(s);
        try {
            s.close();
        } catch (SQLException ignored) {
            // a failing close of a statement we no longer use changes nothing for the caller
        }
    }

    /** Index of a physical statement in this execution's list (identity), or -1. */
    final boolean ranAlready(Statement s) {
        for (Statement r : ran) if (r == s) return true;
        return false;
    }

    @Override
    public final int[] executeBatch() throws SQLException {
        return BatchCounts.toInt(executeLargeBatch());
    }

    private void closeResult() throws SQLException {
        ShardResultSet r = result;
        result = null;
        if (r != null) {
            closingResultInternally = true;
            try {
                r.close();
            } finally {
                closingResultInternally = false;
            }
        }
    }

    private void resultClosed() {
        // a statement stepping through several results keeps its connections until the last one
        if (!steppingResults) releaseLeases();
        if (closeOnCompletion && !closingResultInternally) {
            try {
                close();
            } catch (SQLException ignored) {
                // closing on completion is a courtesy; the result set itself closed fine
            }
        }
    }

    /** True for a write that returns rows ({@code INSERT/UPDATE/DELETE ... RETURNING}). */
    private boolean returnsRows(String sql) {
        return new SqlLexer(connection.runtime().config().dialect()).lex(sql).hasTopLevel("RETURNING");
    }

    static SQLException notAQuery(StatementKind kind, String sql) {
        return new SQLException("executeQuery needs a statement that returns rows, but this is a " + kind
                + " statement; use executeUpdate or execute [statement: " + ShardErrors.abbreviate(sql) + "]", "07000");
    }

    static SQLException notOnPrepared(String method) {
        return new SQLException(method + "(String) cannot be called on a PreparedStatement: it runs the SQL it was"
                + " prepared with; use " + method + "()", "HY010");
    }

    private static void closeQuietly(List<ResultSet> results) {
        if (results == null) return;
        for (ResultSet rs : results) {
            try {
                rs.close();
            } catch (SQLException ignored) {
                // the execution failed; that failure is reported
            }
        }
    }

    final void checkOpen() throws SQLException {
        if (closed) throw new SQLException("the statement is closed", "HY010");
        connection.checkOpen();
    }

    // ---- java.sql.Statement: results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return result;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return updateCount > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) updateCount;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    /**
     * Further results exist only for a statement that ran as a single unit (procedures,
     * multi-statement text); they come from its physical statement.
     */
    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        // results already read to the end gave their connection back: there is nothing more
        boolean readable = leaseCount > 0;
        steppingResults = true;
        if (current != KEEP_CURRENT_RESULT) closeResult();
        else result = null;
        if (ran.size() != 1 || !readable) {
            updateCount = -1;
            steppingResults = false;
            releaseLeases();
            return false;
        }
        Statement s = ran.get(0);
        try {
            boolean rows = s.getMoreResults(current);
            if (rows) {
                result = new ShardResultSet(this, new ConcatCursor(s.getResultSet(), ranShards.get(0), maxRows), onResultClosed);
                updateCount = -1;
            } else {
                updateCount = s.getLargeUpdateCount();
                if (updateCount == -1 && !wantsGeneratedKeys()) {
                    steppingResults = false;
                    releaseLeases();
                }
            }
            return rows;
        } catch (SQLException e) {
            throw ShardErrors.fromShard(ranShards.get(0), e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (ran.isEmpty()) {
            throw new SQLException("getGeneratedKeys: no statement has run on any shard yet", "HY010");
        }
        List<ResultSet> keys = new ArrayList<>(ran.size());
        for (int i = 0; i < ran.size(); i++) {
            try {
                keys.add(ran.get(i).getGeneratedKeys());
            } catch (SQLException e) {
                closeQuietly(keys);
                throw ShardErrors.fromShard(ranShards.get(i), e);
            }
        }
        return new ShardResultSet(this, new ConcatCursor(keys, ranShards, 0), null);
    }

    // ---- settings, applied to every physical statement now and later

    @Override
    public int getFetchSize() { return fetchSize; }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) throw new SQLException("fetch size must be >= 0, not " + rows, "22023");
        fetchSize = rows;
        for (Statement s : physical) s.setFetchSize(rows);
    }

    @Override
    public int getMaxRows() { return (int) Math.min(Integer.MAX_VALUE, maxRows); }

    @Override
    public void setMaxRows(int max) throws SQLException { setLargeMaxRows(max); }

    @Override
    public long getLargeMaxRows() { return maxRows; }

    /** The limit is set on each shard's statement and enforced again on the concatenated rows. */
    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) throw new SQLException("max rows must be >= 0, not " + max, "22023");
        maxRows = max;
        for (Statement s : physical) s.setMaxRows(physicalMaxRows());
    }

    // pgjdbc has no setLargeMaxRows; an int limit per shard is enough since the merged rows are cut exactly
    final int physicalMaxRows() {
        return (int) Math.min(maxRows, Integer.MAX_VALUE);
    }

    @Override
    public int getQueryTimeout() { return queryTimeout; }

    /** Each shard's statement gets the timeout; units run one after the other, each within it. */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) throw new SQLException("query timeout must be >= 0, not " + seconds, "22023");
        queryTimeout = seconds;
        for (Statement s : physical) s.setQueryTimeout(seconds);
    }

    @Override
    public int getMaxFieldSize() { return maxFieldSize; }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) throw new SQLException("max field size must be >= 0, not " + max, "22023");
        maxFieldSize = max;
        for (Statement s : physical) s.setMaxFieldSize(max);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
        for (Statement s : physical) s.setEscapeProcessing(enable);
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        cursorName = name;
        for (Statement s : physical) s.setCursorName(name);
    }

    @Override
    public void setPoolable(boolean p) throws SQLException {
        checkOpen();
        poolable = p;
        for (Statement s : physical) s.setPoolable(p);
    }

    @Override
    public boolean isPoolable() { return poolable; }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLException("shard-jdbc result sets are forward-only: fetch direction must be FETCH_FORWARD", "HY024");
        }
    }

    @Override
    public int getFetchDirection() { return ResultSet.FETCH_FORWARD; }

    @Override
    public int getResultSetConcurrency() { return ResultSet.CONCUR_READ_ONLY; }

    @Override
    public int getResultSetType() { return ResultSet.TYPE_FORWARD_ONLY; }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return resultSetHoldability >= 0 ? resultSetHoldability : connection.getHoldability();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() { return closeOnCompletion; }

    @Override
    public ShardConnection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        SQLWarning first = null;
        for (Statement s : ran) {
            SQLWarning w = s.getWarnings();
            if (w == null) continue;
            if (first == null) first = w; else first.setNextWarning(w);
        }
        return first;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        for (Statement s : physical) s.clearWarnings();
    }

    // ---- cancel and close

    /** Cancels every physical statement; safe to call from another thread while one runs. */
    @Override
    public void cancel() throws SQLException {
        if (closed) return;
        cancels++;
        SQLException first = null;
        for (Statement s : physical) {
            try {
                s.cancel();
            } catch (SQLException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    @Override
    public boolean isClosed() { return closed || connection.isClosed(); }

    /** Closes the current result and every physical statement; calling it again does nothing. */
    @Override
    public void close() throws SQLException {
        if (closed) return;
        closed = true;
        SQLException first = null;
        try {
            closeResult();
        } catch (SQLException e) {
            first = e;
        }
        for (Statement s : physical) {
            try {
                s.close();
            } catch (SQLException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        physical.clear();
        ran.clear();
        releaseLeases();
        forgetPhysical();
        connection.forget(this);
        if (first != null) throw first;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
