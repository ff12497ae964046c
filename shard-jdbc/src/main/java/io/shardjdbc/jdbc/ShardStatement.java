package io.shardjdbc.jdbc;

import io.shardjdbc.engine.ExecMode;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical {@link Statement}: each SQL text is routed (the analysis is cached by the router) and
 * runs on one physical statement per shard, created on first use and reused afterwards.
 */
public final class ShardStatement extends AbstractShardStatement {
    private final Statement[] byShard;
    // extra statements for a plan that runs twice on one shard; dropped at the next execution
    private final List<Statement> extras = new ArrayList<>();
    private final List<String> batch = new ArrayList<>();
    private GeneratedKeys keys = GeneratedKeys.NONE;
    // the SQL of the current execution, routed again when a move changes the topology under it
    private String sql;
    // the ids the driver generated for the last execution or batch, and their column; empty when none
    private final List<long[]> generatedIds = new ArrayList<>();
    private final List<long[]> batchIds = new ArrayList<>();
    private String generatedColumn;

    ShardStatement(ShardConnection connection, int resultSetHoldability) {
        super(connection, resultSetHoldability);
        this.byShard = new Statement[connection.slotCount()];
    }

    private boolean run(String sql, ExecMode mode, GeneratedKeys k) throws SQLException {
        checkOpen();
        if (sql == null) throw new SQLException("the SQL text is null", "42601");
        keys = k;
        generatedIds.clear();
        this.sql = withGeneratedId(sql, generatedIds);
        return executePlan(replan(), mode, this.sql, Parameters.NONE);
    }

    /**
     * The statement with the ids the driver generates written in, where it is an INSERT that leaves a
     * generated-id column out (the ids are added to {@code ids}); else as it is.
     */
    private String withGeneratedId(String text, List<long[]> ids) throws SQLException {
        io.shardjdbc.ids.IdGenerators generators = connection.runtime().generatedIds();
        io.shardjdbc.route.GeneratedIdInsert insert = generators.insertFor(text);
        if (insert == null || insert.parameters().length > 0) return text;
        long[] generated = generators.next(insert, insert.idSlots().length);
        ids.add(generated);
        generatedColumn = insert.spec().column();
        return insert.withIds(generated);
    }

    /** The ids the driver generated for the last execution, where it generated them; else the shards' keys. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedIds.isEmpty()) return super.getGeneratedKeys();
        return io.shardjdbc.ids.GeneratedKeysResult.of(generatedColumn, generatedIds);
    }

    @Override
    RoutePlan replan() throws SQLException {
        plannedOn = connection.runtime().snapshot();
        return planUnbound(plannedOn.router().prepare(sql));
    }

    /**
     * The plan of a statement without bound parameters. A {@code ?} that routing must read (a key
     * compared with a marker) has no value here; markers routing does not read (PostgreSQL's jsonb
     * {@code ?} operator) pass to the database as they are.
     */
    private RoutePlan planUnbound(io.shardjdbc.route.PreparedRoute route) throws SQLException {
        try {
            return connection.plan(route, Parameters.NONE);
        } catch (IndexOutOfBoundsException unbound) {
            throw new SQLException("the statement's shard key is compared with a ? parameter marker, which a plain "
                    + "Statement cannot bind; use a PreparedStatement [statement: "
                    + io.shardjdbc.errors.ShardErrors.abbreviate(route.sql()) + "]", "07001");
        }
    }

    @Override
    void beginExecution() throws SQLException {
        super.beginExecution();
        for (Statement s : extras) release(s);
        extras.clear();
    }

    @Override
    Statement prepareUnit(RouteUnit unit, int slot) throws SQLException {
        Statement s = byShard[slot];
        if (s != null && !ranAlready(s)) return s;
        Connection c = connection.physical(slot);
        Statement created = register(resultSetHoldability >= 0
                ? c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, resultSetHoldability)
                : c.createStatement());
        if (s == null) byShard[slot] = created; else extras.add(created);
        return created;
    }

    @Override
    void forgetSlot(int slot) {
        Statement s = byShard[slot];
        byShard[slot] = null;
        if (s != null) release(s);
    }

    @Override
    ResultSet query(Statement s, RouteUnit unit) throws SQLException {
        return s.executeQuery(unit.sql());
    }

    @Override
    long update(Statement s, RouteUnit unit) throws SQLException {
        if (keys.none()) return s.executeLargeUpdate(unit.sql());
        if (keys.indexes() != null) return s.executeLargeUpdate(unit.sql(), keys.indexes());
        if (keys.names() != null) return s.executeLargeUpdate(unit.sql(), keys.names());
        return s.executeLargeUpdate(unit.sql(), keys.auto());
    }

    @Override
    boolean exec(Statement s, RouteUnit unit) throws SQLException {
        if (keys.none()) return s.execute(unit.sql());
        if (keys.indexes() != null) return s.execute(unit.sql(), keys.indexes());
        if (keys.names() != null) return s.execute(unit.sql(), keys.names());
        return s.execute(unit.sql(), keys.auto());
    }

    @Override
    boolean wantsGeneratedKeys() {
        return !keys.none();
    }

    @Override
    void forgetPhysical() {
        java.util.Arrays.fill(byShard, null);
        extras.clear();
        batch.clear();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        run(sql, ExecMode.QUERY, GeneratedKeys.NONE);
        return getResultSet();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.NONE);
        return getUpdateCount();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(autoGeneratedKeys));
        return getUpdateCount();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(columnIndexes));
        return getUpdateCount();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(columnNames));
        return getUpdateCount();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.NONE);
        return getLargeUpdateCount();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(autoGeneratedKeys));
        return getLargeUpdateCount();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(columnIndexes));
        return getLargeUpdateCount();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        run(sql, ExecMode.UPDATE, GeneratedKeys.of(columnNames));
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, ExecMode.ANY, GeneratedKeys.NONE);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, ExecMode.ANY, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, ExecMode.ANY, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(sql, ExecMode.ANY, GeneratedKeys.of(columnNames));
    }

    // ---- batches: each SQL routed, physical batches per shard

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (sql == null) throw new SQLException("the SQL text is null", "42601");
        batch.add(withGeneratedId(sql, batchIds));
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
        batchIds.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<String> entries = new ArrayList<>(batch);
        batch.clear();
        generatedIds.clear();
        generatedIds.addAll(batchIds);
        batchIds.clear();
        return BatchExecution.run(this, entries, new BatchExecution.BatchEntries<>() {
            @Override
            public RoutePlan plan(String sql) throws SQLException {
                return planUnbound(connection.prepare(sql));
            }

            @Override
            public String sql(String sql) { return sql; }

            @Override
            public Statement add(String sql, RouteUnit u) throws SQLException {
                Statement s = batchStatement(u.shard());
                s.addBatch(u.sql());
                return s;
            }
        });
    }

    private Statement batchStatement(int shard) throws SQLException {
        Statement s = byShard[shard];
        if (s != null) return s;
        Connection c = connection.physical(shard);
        s = register(c.createStatement());
        byShard[shard] = s;
        return s;
    }

    @Override
    public String toString() {
        return "ShardStatement";
    }
}
