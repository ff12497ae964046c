package io.shardjdbc.jdbc;

import io.shardjdbc.engine.ExecMode;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.physical.SessionStatement;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A logical {@link PreparedStatement}. Parameters are recorded with the setter that set them; each
 * execution routes on their values and binds them to the physical prepared statement of each unit.
 * Physical statements are cached per (shard, physical SQL), so repeated executions reuse them and
 * the database can keep its server-side plan.
 */
public final class ShardPreparedStatement extends AbstractShardStatement implements PreparedStatement {
    private final String sql;
    // the routing on the snapshot the last execution used; re-analysed when the topology changed
    private PreparedRoute route;
    private io.shardjdbc.route.Router routedBy;
    private final GeneratedKeys keys;
    private final ParameterSet params;
    private final List<ParameterSet> batch = new ArrayList<>();
    // physical statements per shard, by physical SQL
    private final Map<String, PreparedStatement>[] byShard;
    private final List<PreparedStatement> extras = new ArrayList<>();
    // the rewrite that adds the table's generated id to this INSERT, or null
    private final io.shardjdbc.route.GeneratedIdInsert generatedId;
    // the ids of the last execution (each batch entry's, for a batch)
    private final List<long[]> lastIds = new ArrayList<>();
    private final List<long[]> batchIds = new ArrayList<>();

    @SuppressWarnings("unchecked")
    ShardPreparedStatement(ShardConnection connection, String sql, GeneratedKeys keys, int resultSetHoldability) throws SQLException {
        super(connection, resultSetHoldability);
        if (sql == null) throw new SQLException("the SQL text is null", "42601");
        this.generatedId = connection.runtime().generatedIds().insertFor(sql);
        this.sql = generatedId == null ? sql : generatedId.sql();
        this.routedBy = connection.runtime().router();
        this.route = routedBy.prepare(this.sql);
        this.keys = keys;
        this.params = generatedId == null ? new ParameterSet(route.parameterCount())
                : new ParameterSet(route.parameterCount(), generatedId.parameters());
        this.byShard = new Map[connection.slotCount()];
    }

    /** Binds every parameter of another statement (the same markers in another text, see {@link ShardKeyUpdate}). */
    void bindAll(ParameterSet other) {
        params.copyFrom(other);
    }

    /**
     * Sets parameter {@code index} to another statement's parameter {@code from} as the application set
     * it there (its setter replayed), or to its value where the other statement kept only values.
     */
    void bindFrom(int index, Parameters other, int from) throws SQLException {
        if (other instanceof ParameterSet set) params.copyParameter(index, set, from);
        else setObject(index, other.get(from));
    }

    /** The routing of this statement's SQL. */
    public PreparedRoute route() { return current(); }

    /** The routing on the current topology snapshot: a new topology version means a new router. */
    private PreparedRoute current() {
        io.shardjdbc.execute.TopologySource.Snapshot now = connection.runtime().snapshot();
        if (now.router() != routedBy) {
            route = now.router().prepare(sql);
            routedBy = now.router();
        }
        plannedOn = now;
        return route;
    }

    private boolean run(ExecMode mode) throws SQLException {
        checkOpen();
        if (generatedId != null) {
            lastIds.clear();
            lastIds.add(bindGeneratedIds());
        }
        params.requireAll(route.parameterCount(), sql);
        return executePlan(replan(), mode, sql, params);
    }

    @Override
    boolean canRunAgain() { return !params.hasStreams(); }

    @Override
    SessionStatement.Binding sessionParameters(RouteUnit unit) throws SQLException {
        int count = route.parameterCount();
        if (count == 0) return null;
        // the values as bound now: the application may set others on this statement before a shard is opened later
        params.materializeStreams();
        ParameterSet bound = params.copy();
        return ps -> bound.bind(ps, unit, count);
    }

    @Override
    RoutePlan replan() throws SQLException {
        RoutePlan plan = connection.plan(current(), params);
        if (plan.units().size() > 1) params.materializeStreams();
        return plan;
    }

    @Override
    void beginExecution() throws SQLException {
        super.beginExecution();
        for (PreparedStatement s : extras) release(s);
        extras.clear();
    }

    /** The cached physical statement of a unit; a second unit with the same shard and SQL gets its own. */
    private PreparedStatement physicalFor(RouteUnit unit) throws SQLException {
        return physicalFor(unit, unit.shard());
    }

    /** The same on a connection slot (the shard's primary or one of its replicas). */
    private PreparedStatement physicalFor(RouteUnit unit, int slot) throws SQLException {
        Map<String, PreparedStatement> cache = byShard[slot];
        if (cache == null) cache = byShard[slot] = new HashMap<>(4);
        PreparedStatement ps = cache.get(unit.sql());
        if (ps != null && !ranAlready(ps)) return ps;
        PreparedStatement created = register(create(connection.physical(slot), unit.sql()));
        if (ps == null) cache.put(unit.sql(), created); else extras.add(created);
        return created;
    }

    private PreparedStatement create(Connection c, String physicalSql) throws SQLException {
        if (keys.indexes() != null) return c.prepareStatement(physicalSql, keys.indexes());
        if (keys.names() != null) return c.prepareStatement(physicalSql, keys.names());
        if (!keys.none()) return c.prepareStatement(physicalSql, Statement.RETURN_GENERATED_KEYS);
        if (resultSetHoldability >= 0) {
            return c.prepareStatement(physicalSql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, resultSetHoldability);
        }
        return c.prepareStatement(physicalSql);
    }

    @Override
    Statement prepareUnit(RouteUnit unit, int slot) throws SQLException {
        PreparedStatement ps = physicalFor(unit, slot);
        params.bind(ps, unit, route.parameterCount());
        return ps;
    }

    @Override
    ResultSet query(Statement s, RouteUnit unit) throws SQLException {
        return ((PreparedStatement) s).executeQuery();
    }

    @Override
    long update(Statement s, RouteUnit unit) throws SQLException {
        return ((PreparedStatement) s).executeLargeUpdate();
    }

    @Override
    boolean exec(Statement s, RouteUnit unit) throws SQLException {
        return ((PreparedStatement) s).execute();
    }

    @Override
    void forgetStatement(RouteUnit unit, int slot) {
        Map<String, PreparedStatement> cache = byShard[slot];
        PreparedStatement ps = cache == null ? null : cache.remove(unit.sql());
        if (ps != null) release(ps);
    }

    @Override
    void forgetSlot(int slot) {
        Map<String, PreparedStatement> cache = byShard[slot];
        if (cache == null || cache.isEmpty()) return;
        // the map stays: in auto-commit mode each execution leases the slot again and fills it again
        for (PreparedStatement ps : cache.values()) release(ps);
        cache.clear();
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
    public ResultSet executeQuery() throws SQLException {
        run(ExecMode.QUERY);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        run(ExecMode.UPDATE);
        return getUpdateCount();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(ExecMode.UPDATE);
        return getLargeUpdateCount();
    }

    /** Binds new ids to the generated-id markers of the rewritten INSERT, one per row; returns them. */
    private long[] bindGeneratedIds() throws SQLException {
        int[] slots = generatedId.idSlots();
        long[] ids = connection.runtime().generatedIds().next(generatedId, slots.length);
        for (int r = 0; r < slots.length; r++) params.setAt(slots[r], Setter.LONG, ids[r], null, 0);
        return ids;
    }

    /** The ids the driver generated for the last execution, where it generated them; else the shards' keys. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedId == null || lastIds.isEmpty()) return super.getGeneratedKeys();
        return io.shardjdbc.ids.GeneratedKeysResult.of(generatedId.spec().column(), lastIds);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(ExecMode.ANY);
    }

    // ---- batches: every parameter set routed, physical batches per (shard, SQL)

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (generatedId != null) batchIds.add(bindGeneratedIds());
        params.requireAll(route.parameterCount(), sql);
        batch.add(params.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
        batchIds.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<ParameterSet> entries = new ArrayList<>(batch);
        batch.clear();
        lastIds.clear();
        lastIds.addAll(batchIds);
        batchIds.clear();
        return BatchExecution.run(this, entries, new BatchExecution.BatchEntries<>() {
            @Override
            public RoutePlan plan(ParameterSet p) throws SQLException {
                RoutePlan plan = connection.plan(current(), p);
                if (plan.units().size() > 1) p.materializeStreams(); // every shard reads the whole stream
                return plan;
            }

            @Override
            public String sql(ParameterSet p) { return sql; }

            @Override
            public Statement add(ParameterSet p, RouteUnit u) throws SQLException {
                PreparedStatement ps = batchStatement(u);
                p.bind(ps, u, route.parameterCount());
                ps.addBatch();
                return ps;
            }
        });
    }

    private PreparedStatement batchStatement(RouteUnit unit) throws SQLException {
        Map<String, PreparedStatement> cache = byShard[unit.shard()];
        PreparedStatement ps = cache == null ? null : cache.get(unit.sql());
        return ps != null ? ps : physicalFor(unit);
    }

    // ---- metadata

    /**
     * The columns the statement returns, from a physical statement prepared on the shard the current
     * parameters route to (the default shard when they do not route yet).
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        ResultSetMetaData md = describeOn().getMetaData();
        return md == null ? null : new ShardResultSetMetaData(md);
    }

    /** The parameter count of the logical SQL; types come from a physical statement where they map one to one. */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        RouteUnit unit = describeUnit();
        ParameterMetaData physical = null;
        try {
            physical = describeOn().getParameterMetaData();
        } catch (SQLException e) {
            // types are optional; the count is what the logical statement knows for sure
        }
        return new ShardParameterMetaData(route.parameterCount(), physical, unit);
    }

    private PreparedStatement describeOn() throws SQLException {
        RouteUnit unit = describeUnit();
        Map<String, PreparedStatement> cache = byShard[unit.shard()];
        PreparedStatement ps = cache == null ? null : cache.get(unit.sql());
        return ps != null ? ps : physicalFor(unit);
    }

    private RouteUnit describeUnit() throws SQLException {
        try {
            params.requireAll(route.parameterCount(), sql);
            RoutePlan plan = connection.plan(current(), params);
            if (!plan.units().isEmpty()) return plan.units().get(0);
        } catch (SQLException e) {
            // parameters not bound yet (or not routable): describe the logical SQL on the default shard
        }
        return new RouteUnit(0, connection.shardName(0), sql, null);
    }

    // ---- parameters

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        params.clear();
    }

    @Override public void setNull(int i, int sqlType) throws SQLException { params.set(i, Setter.NULL, null, null, sqlType); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { params.set(i, Setter.NULL_TYPE_NAME, null, typeName, sqlType); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { params.set(i, Setter.BOOLEAN, x); }
    @Override public void setByte(int i, byte x) throws SQLException { params.set(i, Setter.BYTE, x); }
    @Override public void setShort(int i, short x) throws SQLException { params.set(i, Setter.SHORT, x); }
    @Override public void setInt(int i, int x) throws SQLException { params.set(i, Setter.INT, x); }
    @Override public void setLong(int i, long x) throws SQLException { params.set(i, Setter.LONG, x); }
    @Override public void setFloat(int i, float x) throws SQLException { params.set(i, Setter.FLOAT, x); }
    @Override public void setDouble(int i, double x) throws SQLException { params.set(i, Setter.DOUBLE, x); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { params.set(i, Setter.BIG_DECIMAL, x); }
    @Override public void setString(int i, String x) throws SQLException { params.set(i, Setter.STRING, x); }
    @Override public void setNString(int i, String x) throws SQLException { params.set(i, Setter.NSTRING, x); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { params.set(i, Setter.BYTES, x); }
    @Override public void setDate(int i, Date x) throws SQLException { params.set(i, Setter.DATE, x); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { params.set(i, Setter.DATE_CALENDAR, x, cal, 0); }
    @Override public void setTime(int i, Time x) throws SQLException { params.set(i, Setter.TIME, x); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { params.set(i, Setter.TIME_CALENDAR, x, cal, 0); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { params.set(i, Setter.TIMESTAMP, x); }
    @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { params.set(i, Setter.TIMESTAMP_CALENDAR, x, cal, 0); }
    @Override public void setObject(int i, Object x) throws SQLException { params.set(i, Setter.OBJECT, x); }
    @Override public void setObject(int i, Object x, int targetSqlType) throws SQLException { params.set(i, Setter.OBJECT_TYPE, x, null, targetSqlType); }
    @Override public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException { params.set(i, Setter.OBJECT_TYPE_SCALE, x, scale, targetSqlType); }
    @Override public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException { params.set(i, Setter.OBJECT_SQL_TYPE, x, targetSqlType, 0); }
    @Override public void setObject(int i, Object x, SQLType targetSqlType, int scale) throws SQLException { params.set(i, Setter.OBJECT_SQL_TYPE_SCALE, x, targetSqlType, scale); }
    @Override public void setAsciiStream(int i, InputStream x) throws SQLException { params.set(i, Setter.ASCII_STREAM, x); }
    @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { params.set(i, Setter.ASCII_STREAM_INT, x, null, length); }
    @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException { params.set(i, Setter.ASCII_STREAM_LONG, x, null, length); }
    @Deprecated @Override public void setUnicodeStream(int i, InputStream x, int length) throws SQLException { params.set(i, Setter.UNICODE_STREAM, x, null, length); }
    @Override public void setBinaryStream(int i, InputStream x) throws SQLException { params.set(i, Setter.BINARY_STREAM, x); }
    @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { params.set(i, Setter.BINARY_STREAM_INT, x, null, length); }
    @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { params.set(i, Setter.BINARY_STREAM_LONG, x, null, length); }
    @Override public void setCharacterStream(int i, Reader x) throws SQLException { params.set(i, Setter.CHARACTER_STREAM, x); }
    @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException { params.set(i, Setter.CHARACTER_STREAM_INT, x, null, length); }
    @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException { params.set(i, Setter.CHARACTER_STREAM_LONG, x, null, length); }
    @Override public void setNCharacterStream(int i, Reader x) throws SQLException { params.set(i, Setter.NCHARACTER_STREAM, x); }
    @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException { params.set(i, Setter.NCHARACTER_STREAM_LONG, x, null, length); }
    @Override public void setBlob(int i, Blob x) throws SQLException { params.set(i, Setter.BLOB, x); }
    @Override public void setBlob(int i, InputStream x) throws SQLException { params.set(i, Setter.BLOB_STREAM, x); }
    @Override public void setBlob(int i, InputStream x, long length) throws SQLException { params.set(i, Setter.BLOB_STREAM_LONG, x, null, length); }
    @Override public void setClob(int i, Clob x) throws SQLException { params.set(i, Setter.CLOB, x); }
    @Override public void setClob(int i, Reader x) throws SQLException { params.set(i, Setter.CLOB_READER, x); }
    @Override public void setClob(int i, Reader x, long length) throws SQLException { params.set(i, Setter.CLOB_READER_LONG, x, null, length); }
    @Override public void setNClob(int i, NClob x) throws SQLException { params.set(i, Setter.NCLOB, x); }
    @Override public void setNClob(int i, Reader x) throws SQLException { params.set(i, Setter.NCLOB_READER, x); }
    @Override public void setNClob(int i, Reader x, long length) throws SQLException { params.set(i, Setter.NCLOB_READER_LONG, x, null, length); }
    @Override public void setRef(int i, Ref x) throws SQLException { params.set(i, Setter.REF, x); }
    @Override public void setArray(int i, Array x) throws SQLException { params.set(i, Setter.ARRAY, x); }
    @Override public void setURL(int i, URL x) throws SQLException { params.set(i, Setter.URL, x); }
    @Override public void setRowId(int i, RowId x) throws SQLException { params.set(i, Setter.ROW_ID, x); }
    @Override public void setSQLXML(int i, SQLXML x) throws SQLException { params.set(i, Setter.SQLXML, x); }

    // ---- the Statement methods that take SQL text do not apply to a prepared statement

    @Override public ResultSet executeQuery(String s) throws SQLException { throw notOnPrepared("executeQuery"); }
    @Override public int executeUpdate(String s) throws SQLException { throw notOnPrepared("executeUpdate"); }
    @Override public int executeUpdate(String s, int k) throws SQLException { throw notOnPrepared("executeUpdate"); }
    @Override public int executeUpdate(String s, int[] k) throws SQLException { throw notOnPrepared("executeUpdate"); }
    @Override public int executeUpdate(String s, String[] k) throws SQLException { throw notOnPrepared("executeUpdate"); }
    @Override public long executeLargeUpdate(String s) throws SQLException { throw notOnPrepared("executeLargeUpdate"); }
    @Override public long executeLargeUpdate(String s, int k) throws SQLException { throw notOnPrepared("executeLargeUpdate"); }
    @Override public long executeLargeUpdate(String s, int[] k) throws SQLException { throw notOnPrepared("executeLargeUpdate"); }
    @Override public long executeLargeUpdate(String s, String[] k) throws SQLException { throw notOnPrepared("executeLargeUpdate"); }
    @Override public boolean execute(String s) throws SQLException { throw notOnPrepared("execute"); }
    @Override public boolean execute(String s, int k) throws SQLException { throw notOnPrepared("execute"); }
    @Override public boolean execute(String s, int[] k) throws SQLException { throw notOnPrepared("execute"); }
    @Override public boolean execute(String s, String[] k) throws SQLException { throw notOnPrepared("execute"); }
    @Override public void addBatch(String s) throws SQLException { throw notOnPrepared("addBatch"); }

    @Override
    public String toString() {
        return "ShardPreparedStatement[" + sql + "]";
    }
}
