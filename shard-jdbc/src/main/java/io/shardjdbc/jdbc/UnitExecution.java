package io.shardjdbc.jdbc;

import io.shardjdbc.engine.ExecMode;
import io.shardjdbc.engine.Execution;
import io.shardjdbc.engine.Outcome;
import io.shardjdbc.engine.Primitive;
import io.shardjdbc.engine.UnitResult;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.execute.UnitRunner;
import io.shardjdbc.federation.ShardSource;
import io.shardjdbc.merge.MetaDataSnapshot;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.RouteUnit;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A logical statement as the engine sees it while a plan's tree runs: its physical statements
 * (each unit's, created or reused by the statement with its settings and parameters), the slots of
 * the current try, and its settings. One per logical statement, set up again for each execution
 * (so running a plan allocates nothing here).
 */
final class UnitExecution implements Execution, UnitRunner.Attempt<Outcome> {
    private final AbstractShardStatement statement;
    private final ShardConnection connection;
    private Primitive tree;
    private ExecMode mode;
    private int[] slots;
    // the columns of the last aggregating merge: the same SQL returns the same columns, and reading a
    // driver's metadata costs lookups per column on every execution
    private String mergedSql;
    private ResultSetMetaData mergedMeta;

    UnitExecution(AbstractShardStatement statement, ShardConnection connection) {
        this.statement = statement;
        this.connection = connection;
    }

    /** Runs a tree as {@code mode} asks, outside the unit runner (federation places its own reads). */
    Outcome open(Primitive tree, ExecMode mode) throws SQLException {
        this.tree = tree;
        this.mode = mode;
        this.slots = null;
        return tree.open(this);
    }

    /** Sets up a try of a tree under the unit runner (which calls {@link #run(int[])}). */
    UnitExecution of(Primitive tree, ExecMode mode) {
        this.tree = tree;
        this.mode = mode;
        return this;
    }

    // ---- a try, for the unit runner

    @Override
    public Outcome run(int[] slots) throws SQLException {
        this.slots = slots;
        return tree.open(this);
    }

    @Override
    public void reset() {
        statement.releaseLeases();
        forgetRan();
    }

    // ---- what primitives use

    @Override
    public ExecMode mode() { return mode; }

    @Override
    public int[] slots() { return slots; }

    @Override
    public long maxRows() { return statement.getLargeMaxRows(); }

    @Override
    public ShardRuntime runtime() { return connection.runtime(); }

    @Override
    public UnitRunner units() { return connection.units(); }

    @Override
    public Statement prepare(RouteUnit u, int slot, boolean merging) throws SQLException {
        try {
            statement.lease(slot);
            Statement s = statement.prepareUnit(u, slot);
            if (slot == u.shard()) connection.runtime().countPrimaryStatement(slot);
            if (maxRows() != 0) s.setMaxRows(merging ? 0 : statement.physicalMaxRows());
            statement.ran.add(s);
            statement.ranShards.add(u.shardName());
            return s;
        } catch (SQLException e) {
            throw ShardErrors.fromShard(u.shardName(), u.sql(), e);
        }
    }

    @Override
    public UnitResult run(RouteUnit u, Statement s, ExecMode mode) throws SQLException {
        ExecutionObserver.ShardStatement seen = statement.observed().shardStatement(u.shard(), u.shardName(), u.sql());
        try {
            boolean rows = switch (mode) {
                case QUERY -> true;
                case UPDATE -> false;
                case ANY -> statement.exec(s, u);
            };
            UnitResult r = rows ? new UnitResult(mode == ExecMode.QUERY ? statement.query(s, u) : s.getResultSet(), 0)
                    : new UnitResult(null, mode == ExecMode.UPDATE ? statement.update(s, u) : s.getLargeUpdateCount());
            seen.finished(null);
            return r;
        } catch (SQLException e) {
            SQLException out = ShardErrors.fromShard(u.shardName(), u.sql(), e);
            seen.finished(out);
            throw out;
        }
    }

    @Override
    public List<Statement> ran() { return statement.ran; }

    @Override
    public List<String> ranShards() { return statement.ranShards; }

    @Override
    public void forgetRan() {
        statement.ran.clear();
        statement.ranShards.clear();
    }

    @Override
    public void forgetStatement(RouteUnit unit, int slot) {
        statement.forgetStatement(unit, slot);
    }

    @Override
    public ResultSetMetaData mergedMetaData(ResultSet shardResult, int visible, String sql) throws SQLException {
        if (mergedMeta == null || !sql.equals(mergedSql) || mergedMeta.getColumnCount() != visible) {
            mergedMeta = MetaDataSnapshot.of(shardResult.getMetaData(), visible);
            mergedSql = sql;
        }
        return mergedMeta;
    }

    @Override
    public ShardSource federatedReads(boolean primaryRead, String sql) {
        return new FederatedReads(statement, connection, primaryRead, sql);
    }
}
