package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.topology.BroadcastTable;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.TableRule;
import io.shardjdbc.topology.Topology;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A logical table as Calcite sees it. Calcite hands each scan the filters and columns the query
 * needs of the table ({@link ProjectableFilterableTable}); the scan writes them into one SELECT per
 * shard, reads only the shards the shard key allows (a sharded table), one shard (a broadcast
 * table) or the default shard (an unlisted table), runs the shards' SELECTs at once and streams
 * their rows. Filters it cannot write stay with Calcite.
 *
 * <p>Why this interface and not a convention of our own with rules pushing joins and LIMIT: the
 * rows of a federated query must come together in the driver anyway (that is why it is federated),
 * and the filters and columns are what cut the rows fetched. Filters pushed to the shard also run
 * with the database's own semantics (collations, LIKE), which Calcite could not reproduce. Where
 * a query groups one table's rows, the scan asks the shards for groups instead
 * ({@link #withGrouping}, {@link AggregatePushdown}).
 */
final class LogicalTable extends AbstractTable implements ProjectableFilterableTable {
    private final String name;
    private final TableRule rule;
    private final Topology topology;
    private volatile FederationEngine.ColumnLoader loader;
    private volatile FederationEngine.RowCounter counter;
    // the table's rows on all its shards as the databases estimate them; null until asked or when unknown
    private volatile Double rows;
    private volatile List<Column> columns;
    // the columns whose value places a row (the shard key; a co-located join's keys of either table)
    private volatile int[] keys = new int[0];
    // the co-located tables this scan joins inside each shard (null for a table)
    private final ColocatedJoin join;
    // expressions over the columns the shards compute as further columns of this scan (none for a schema's table)
    private final List<RexNode> computed;
    // what each shard groups and aggregates instead of sending rows (null for a scan of rows)
    private final ShardGrouping grouping;

    /** A table whose columns are read on first use (only tables a query names are described). */
    LogicalTable(String name, TableRule rule, Topology topology, FederationEngine.ColumnLoader loader,
                 FederationEngine.RowCounter counter) {
        this.name = name;
        this.rule = rule;
        this.topology = topology;
        this.loader = loader;
        this.counter = counter;
        this.computed = List.of();
        this.grouping = null;
        this.join = null;
    }

    /**
     * A join of co-located tables that each shard computes as one statement (see {@link ColocatedJoin});
     * its columns are named for the shards' SQL, its row type is the join's.
     */
    LogicalTable(String name, TableRule rule, Topology topology, List<Column> columns, int[] keys, ColocatedJoin join) {
        this.name = name;
        this.rule = rule;
        this.topology = topology;
        this.columns = List.copyOf(columns);
        this.keys = keys.clone();
        this.computed = List.of();
        this.grouping = null;
        this.join = join;
    }

    private LogicalTable(LogicalTable base, List<RexNode> computed, ShardGrouping grouping) {
        this.name = base.name;
        this.rule = base.rule;
        this.topology = base.topology;
        this.columns = base.columns();
        this.keys = base.keys;
        this.rows = base.rowCount();
        this.computed = List.copyOf(computed);
        this.grouping = grouping;
        this.join = base.join;
    }

    /**
     * The same table with further columns the shards compute: expressions over this table's
     * columns, written into each shard's SELECT (see {@link ExpressionSql}). The row type is this
     * table's columns followed by one column per expression.
     */
    LogicalTable withComputed(List<RexNode> expressions) {
        if (!computed.isEmpty()) throw new IllegalStateException("table " + name + " already has computed columns");
        return new LogicalTable(this, expressions, null);
    }

    /**
     * The same table read as groups: each shard sends one row per group of the rows that pass the
     * grouping's condition, with partial aggregates (see {@link AggregatePushdown}). The row type is
     * the grouping's.
     */
    LogicalTable withGrouping(ShardGrouping g) {
        return new LogicalTable(this, List.of(), g);
    }

    /** A scan of this table (a view of the scanned one: computed columns or groups) in the place of {@code scan}. */
    org.apache.calcite.rel.RelNode scanReplacing(org.apache.calcite.rel.core.TableScan scan) {
        org.apache.calcite.plan.RelOptTable old = scan.getTable();
        // no expression for generated code: the scan runs as a bindable scan that calls this table itself
        // the name says what the view computes: the planner takes scans of one name and row type for the same rows, and two
        // views of a table (the MAX and the MIN of one column, say) must not be taken for each other
        java.util.List<String> name = new java.util.ArrayList<>(old.getQualifiedName());
        name.add(grouping != null ? "grouped where " + grouping.condition() + " by " + grouping.keys() + " " + grouping.partials()
                : "computed " + computed);
        return scanNamed(scan, name);
    }

    /** A scan of this table under a name of its own, in the cluster and schema of {@code like}. */
    org.apache.calcite.rel.RelNode scanNamed(org.apache.calcite.rel.core.TableScan like, List<String> name) {
        org.apache.calcite.plan.RelOptTable view = org.apache.calcite.prepare.RelOptTableImpl.create(
                like.getTable().getRelOptSchema(), getRowType(like.getCluster().getTypeFactory()), name, this,
                (org.apache.calcite.linq4j.tree.TableExpressionFactory) c -> null);
        return org.apache.calcite.rel.logical.LogicalTableScan.create(like.getCluster(), view, like.getHints());
    }

    /** What the shards group and aggregate for this scan; null for a scan of rows. */
    ShardGrouping grouping() { return grouping; }

    /** The expressions the shards compute as columns after the table's own. */
    List<RexNode> computed() { return computed; }

    /**
     * A condition over this scan's row type as a condition over the table's own columns: a
     * reference to a computed column becomes its expression.
     */
    RexNode expand(RexNode condition) {
        if (computed.isEmpty()) return condition;
        int base = columns().size();
        return condition.accept(new org.apache.calcite.rex.RexShuttle() {
            @Override
            public RexNode visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
                return ref.getIndex() < base ? ref : computed.get(ref.getIndex() - base);
            }
        });
    }

    String name() { return name; }

    /** How the table's rows lie on the shards (for a co-located join: the sharded table's, or broadcast). */
    TableRule rule() { return rule; }

    /** Indexes of the columns whose value places a row on its shard (none for a broadcast table). */
    int[] keys() {
        columns();
        return keys.clone();
    }

    Topology topology() { return topology; }

    /** The type of one column of this table's rows (a computed one's is its expression's). */
    RelDataType columnRelType(int column, RelDataTypeFactory tf) {
        return getRowType(tf).getFieldList().get(column).getType();
    }

    /**
     * The planner's row count: the databases' estimate of the table's rows (a co-located join: its
     * filtered sides joined on a key), so that joins start from the smaller side.
     */
    @Override
    public org.apache.calcite.schema.Statistic getStatistic() {
        Double r = rowCount();
        return r == null ? org.apache.calcite.schema.Statistics.UNKNOWN : org.apache.calcite.schema.Statistics.of(r, List.of());
    }

    /** The estimated rows of this table on all its shards, or null when unknown. */
    Double rowCount() {
        if (join != null) {
            Double l = join.left().rowCount(), r = join.right().rowCount();
            if (l == null || r == null) return l == null ? r : l;
            // a join on a key: the rows of the filtered sides over the distinct keys, as many as the smaller table has rows
            double lf = l * selectivity(join.leftFilters()), rf = r * selectivity(join.rightFilters());
            return Math.max(1.0, lf * rf / Math.max(1.0, Math.min(l, r)));
        }
        Double r = rows;
        if (r != null) return r;
        FederationEngine.RowCounter c = counter;
        if (c == null) return null;
        try {
            r = c.rows(name);
        } catch (SQLException unknown) {
            return null; // estimates only steer the plan; without one the planner assumes its default
        }
        rows = r;
        return r;
    }

    /** The share of rows that pass the filters, by Calcite's guesses (equality 0.15, a range 0.5, ...). */
    private static double selectivity(List<RexNode> filters) {
        double share = 1.0;
        for (RexNode f : filters) share *= org.apache.calcite.rel.metadata.RelMdUtil.guessSelectivity(f);
        return share;
    }

    /** The co-located join this scan computes on each shard; null for a table. */
    ColocatedJoin join() { return join; }

    List<Column> columns() {
        List<Column> cols = columns;
        if (cols != null) return cols;
        FederationEngine.ColumnLoader l = loader;
        if (l == null) throw new IllegalStateException("table " + name + " was not described while the query was planned");
        try {
            cols = l.load(name);
        } catch (SQLException e) {
            throw new FederationFailure(e);
        }
        int[] key = new int[0];
        if (rule instanceof ShardedTable s) {
            for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equalsIgnoreCase(s.keyColumn())) key = new int[] {i};
        }
        keys = key;
        columns = cols;
        return cols;
    }

    /** Drops the loader once the query is planned: the cached plan must not hold the planning connection. */
    void detach() {
        loader = null;
        counter = null;
    }

    Dialect dialect() { return topology.dialect(); }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        if (grouping != null) return grouping.rowType();
        RelDataTypeFactory.Builder b = tf.builder();
        if (join != null) b.addAll(join.rowType().getFieldList());
        else for (Column c : columns()) {
            RelDataType t;
            int maxPrecision = tf.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
            switch (c.sqlType()) {
                case DECIMAL -> {
                    int p = c.precision() <= 0 || c.precision() > maxPrecision ? maxPrecision : c.precision();
                    t = tf.createSqlType(SqlTypeName.DECIMAL, p, Math.min(c.scale(), p));
                }
                case VARCHAR -> t = c.precision() > 0 && c.precision() < 65536
                        ? tf.createSqlType(SqlTypeName.VARCHAR, c.precision()) : tf.createSqlType(SqlTypeName.VARCHAR);
                case ANY -> t = tf.createSqlType(SqlTypeName.ANY);
                default -> t = tf.createSqlType(c.sqlType());
            }
            b.add(c.name(), tf.createTypeWithNullability(t, c.nullable()));
        }
        for (int i = 0; i < computed.size(); i++) b.add("$computed" + i, computed.get(i).getType());
        return b.build();
    }

    /**
     * What one scan asks of the shards: a SELECT per shard of the projected columns, with the
     * filters that can be written, and which filters those are.
     */
    record ScanPlan(List<ShardQuery> queries, List<RexNode> pushed, int[] columns) { }

    ScanPlan plan(List<RexNode> filters, int[] projects, RexBuilder rexBuilder, IntFunction<Object> parameters)
            throws SQLException {
        if (grouping != null) return groupedPlan(projects, rexBuilder, parameters);
        int[] cols = projects;
        if (cols == null) cols = allColumns();
        Select select = select(filters, cols, null, rexBuilder, parameters);
        return new ScanPlan(queries(select.shards(), select.sql(), select.values()), select.pushed(), cols);
    }

    /** Every column of this table's rows, computed ones included. */
    int[] allColumns() {
        int[] cols = new int[columns().size() + computed.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = i;
        return cols;
    }

    /**
     * One SELECT the shards run for a scan of rows, its values in the order of its markers, the
     * filters it applies and the shards it must read.
     */
    record Select(String sql, List<Object> values, List<RexNode> pushed, BitSet shards, boolean filtered, String tail) {
        /** A SELECT that ends with its WHERE clause (or FROM, when it filters nothing). */
        Select(String sql, List<Object> values, List<RexNode> pushed, BitSet shards) {
            this(sql, values, pushed, shards, !pushed.isEmpty(), "");
        }
    }

    /**
     * The SELECT of some columns of the rows that pass the filters it can write.
     *
     * @param aliases a name for each selected column (a co-located join names its tables' columns apart), or null
     */
    Select select(List<RexNode> filters, int[] cols, List<String> aliases, RexBuilder rexBuilder,
                  IntFunction<Object> parameters) throws SQLException {
        Dialect dialect = topology.dialect();
        int base = columns().size();
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        ExpressionSql expressions = computed.isEmpty() ? null : new ExpressionSql(dialect, columns());
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) sql.append(", ");
            if (cols[i] < base) {
                sql.append(ShardDialect.quote(dialect, columns().get(cols[i]).name()));
            } else {
                ExpressionSql.Written w = expressions.write(computed.get(cols[i] - base));
                if (w == null) throw new SQLException("federation cannot write " + computed.get(cols[i] - base) + " for table " + name, "XX000");
                sql.append(w.sql());
                for (int p : w.parameters()) values.add(parameters == null ? null : parameters.apply(p));
            }
            if (aliases != null) sql.append(" AS ").append(ShardDialect.quote(dialect, aliases.get(i)));
        }
        if (cols.length == 0) sql.append('1'); // the rows count, not their values (COUNT(*))
        From from = from(rexBuilder, parameters);
        sql.append(" FROM ").append(from.sql());
        values.addAll(from.values());
        FilterSql writer = new FilterSql(dialect, columns(), rexBuilder, parameters);
        List<RexNode> pushed = new ArrayList<>();
        List<RexNode> expanded = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (RexNode f : filters) {
            RexNode own = expand(f);
            expanded.add(own);
            String w = writer.write(own, values);
            if (w == null) continue;
            where.append(where.length() == 0 ? " WHERE " : " AND ").append(w);
            pushed.add(f);
        }
        sql.append(where);
        return new Select(sql.toString(), values, pushed, shards(expanded, rexBuilder, parameters, from.shards()));
    }

    /**
     * What a shard's SELECT reads from: the table, or the co-located join of tables; with the values
     * of its markers and the shards that hold its rows before any filter.
     */
    record From(String sql, List<Object> values, BitSet shards) { }

    private From from(RexBuilder rexBuilder, IntFunction<Object> parameters) throws SQLException {
        if (join != null) return join.from(topology.dialect(), columns(), rexBuilder, parameters);
        BitSet shards = new BitSet();
        if (rule instanceof ShardedTable s) shards.or(s.placement().allShards());
        else shards.set(0); // a broadcast table's copy on the default shard, or an unlisted table that lives there
        return new From(ShardDialect.quote(topology.dialect(), name), List.of(), shards);
    }

    /**
     * A grouped scan's SELECT per shard: the keys and partial aggregates of the rows that pass the
     * grouping's condition, grouped by the keys. Filters on the groups stay with the driver; the
     * shard's columns are always all of them (GROUP BY names them by position), the scan reads the
     * projected ones.
     */
    private ScanPlan groupedPlan(int[] projects, RexBuilder rexBuilder, IntFunction<Object> parameters) throws SQLException {
        Select select = groupedSelect(rexBuilder, parameters);
        int[] cols = projects;
        if (cols == null) {
            cols = new int[grouping.keys().size() + grouping.partials().size()];
            for (int i = 0; i < cols.length; i++) cols[i] = i;
        }
        return new ScanPlan(queries(select.shards(), select.sql() + select.tail(), select.values()), List.of(), cols);
    }

    /** A grouped scan's SELECT up to its WHERE clause, the GROUP BY as its tail. */
    private Select groupedSelect(RexBuilder rexBuilder, IntFunction<Object> parameters) throws SQLException {
        Dialect dialect = topology.dialect();
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        ExpressionSql expressions = new ExpressionSql(dialect, columns());
        List<RexNode> keys = grouping.keys();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sql.append(", ");
            appendExpression(keys.get(i), expressions, sql, values, parameters);
        }
        for (ShardGrouping.Partial p : grouping.partials()) {
            if (sql.length() > "SELECT ".length()) sql.append(", ");
            sql.append(p.function().name()).append('(');
            if (p.argument() == null) {
                sql.append('*');
            } else {
                appendExpression(p.argument(), expressions, sql, values, parameters);
                if (p.codePoint()) sql.append(" COLLATE \"C\"");
            }
            sql.append(')');
        }
        From from = from(rexBuilder, parameters);
        sql.append(" FROM ").append(from.sql());
        values.addAll(from.values());
        List<RexNode> conditions = grouping.condition() == null ? List.of()
                : org.apache.calcite.plan.RelOptUtil.conjunctions(grouping.condition());
        if (grouping.condition() != null) {
            String where = new FilterSql(dialect, columns(), rexBuilder, parameters).write(grouping.condition(), values);
            if (where == null) throw new SQLException("federation cannot write the condition of table " + name + " for its shards", "XX000");
            sql.append(" WHERE ").append(where);
        }
        StringBuilder groupBy = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) groupBy.append(i == 0 ? " GROUP BY " : ", ").append(i + 1);
        return new Select(sql.toString(), values, List.of(), shards(conditions, rexBuilder, parameters, from.shards()),
                grouping.condition() != null, groupBy.toString());
    }

    /** One query per shard, the same SQL and values on each. */
    private List<ShardQuery> queries(BitSet shards, String sql, List<Object> values) {
        List<ShardQuery> queries = new ArrayList<>();
        for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) {
            queries.add(new ShardQuery(s, topology.shardName(s), sql, values));
        }
        return queries;
    }

    private void appendExpression(RexNode e, ExpressionSql expressions, StringBuilder sql, List<Object> values,
                                  IntFunction<Object> parameters) throws SQLException {
        if (e instanceof org.apache.calcite.rex.RexInputRef ref) {
            sql.append(ShardDialect.quote(topology.dialect(), columns().get(ref.getIndex()).name()));
            return;
        }
        ExpressionSql.Written w = expressions.write(e);
        if (w == null) throw new SQLException("federation cannot write " + e + " for table " + name, "XX000");
        sql.append(w.sql());
        for (int p : w.parameters()) values.add(parameters == null ? null : parameters.apply(p));
    }

    /** The shards of {@code from} that can hold rows passing the filters (narrowed by the key as the router narrows). */
    private BitSet shards(List<RexNode> filters, RexBuilder rexBuilder, IntFunction<Object> parameters, BitSet from)
            throws SQLException {
        if (!(rule instanceof ShardedTable s)) return from;
        BitSet shards = (BitSet) from.clone();
        if (parameters != null) {
            for (int key : keys()) shards.and(KeyShards.of(s.placement(), key, filters, rexBuilder, parameters));
        }
        if (shards.isEmpty()) shards.set(s.placement().allShards().nextSetBit(0)); // no row can match; ask one shard
        if (s.scatter() == io.shardjdbc.config.TableSpec.ScatterPolicy.REJECT && parameters != null
                && shards.equals(s.placement().allShards()) && shards.cardinality() > 1) {
            throw new java.sql.SQLSyntaxErrorException(name + " is configured scatter: reject, and this federated query "
                    + "has no condition on its shard key " + s.keyColumn() + " that narrows it; add " + s.keyColumn()
                    + " = ? (or IN) on " + name, "42000");
        }
        return shards;
    }

    /** The type a scan column's values are converted to: the column's, or the computed expression's. */
    private SqlTypeName columnType(int column) {
        if (grouping != null) {
            SqlTypeName t = grouping.rowType().getFieldList().get(column).getType().getSqlTypeName();
            return t == SqlTypeName.CHAR ? SqlTypeName.VARCHAR : t;
        }
        int base = columns().size();
        if (column < base) return columns().get(column).sqlType();
        SqlTypeName t = computed.get(column - base).getType().getSqlTypeName();
        return t == SqlTypeName.CHAR ? SqlTypeName.VARCHAR : t;
    }

    /** True for a broadcast table (any shard has every row). */
    boolean broadcast() { return rule instanceof BroadcastTable; }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return scan(root, filters, projects, null);
    }

    /**
     * The rows of a scan; with key tuples, only the rows whose key columns hold one of them, asked
     * of each shard in rounds of at most {@link #KEYS_PER_QUERY} tuples (a shard-key column sends
     * each value to its own shard only).
     */
    Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects, KeyList keys) {
        FederationContext ctx = FederationContext.of(root);
        ScanPlan plan;
        List<List<ShardQuery>> rounds;
        try {
            RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
            plan = plan(filters, projects, rexBuilder, ctx::parameter);
            rounds = keys == null ? List.of(plan.queries())
                    : keyedRounds(select(filters, plan.columns(), null, rexBuilder, ctx::parameter), keys);
        } catch (SQLException e) {
            throw new FederationFailure(e);
        }
        filters.removeAll(plan.pushed());
        SqlTypeName[] types = new SqlTypeName[plan.columns().length];
        boolean[] computedColumn = new boolean[types.length];
        int[] positions = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            int c = plan.columns()[i];
            types[i] = columnType(c);
            computedColumn[i] = grouping == null ? c >= columns().size()
                    : c < grouping.keys().size() && !(grouping.keys().get(c) instanceof org.apache.calcite.rex.RexInputRef);
            // a shard's SELECT lists a scan's projected columns in order, a grouped scan's all of them
            positions[i] = grouping == null ? i + 1 : c + 1;
        }
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new RoundRows(rounds, queries -> new ShardRows(ctx, queries, types, computedColumn, positions));
            }
        };
    }

    /** The most key values one shard query carries (well below both databases' limits on markers). */
    static final int KEYS_PER_QUERY = 2_000;

    /**
     * Key tuples a scan reads the rows of.
     *
     * @param columns the key columns, indexes into the table's own columns
     * @param tuples  distinct tuples of values (JDBC values, no NULLs), one value per key column
     */
    record KeyList(int[] columns, List<List<Object>> tuples) { }

    /**
     * The queries of a scan restricted to key tuples, in rounds of one query per shard. Each query
     * lists the values of one key column, the one with the most distinct values (a list of single
     * values the databases look up by hash or binary search, which a list of tuples is not); the
     * driver's join checks the other columns. A tuple goes only to the shard its shard-key value
     * places it on, where the key columns include the shard key.
     */
    List<List<ShardQuery>> keyedRounds(Select select, KeyList keys) throws SQLException {
        int width = keys.columns().length;
        int route = -1;
        if (rule instanceof ShardedTable) {
            for (int i = 0; i < width && route < 0; i++) {
                for (int k : keys()) if (k == keys.columns()[i]) route = i;
            }
        }
        int listed = 0, most = -1;
        for (int i = 0; i < width; i++) {
            java.util.Set<Object> distinct = new java.util.HashSet<>();
            for (List<Object> t : keys.tuples()) distinct.add(t.get(i));
            if (distinct.size() > most) {
                most = distinct.size();
                listed = i;
            }
        }
        java.util.Map<Integer, java.util.Set<Object>> perShard = new java.util.TreeMap<>();
        for (List<Object> tuple : keys.tuples()) {
            if (route >= 0) {
                int shard = ((ShardedTable) rule).placement().shardOf(placementValue(tuple.get(route)));
                if (select.shards().get(shard)) perShard.computeIfAbsent(shard, k -> new java.util.LinkedHashSet<>()).add(tuple.get(listed));
            } else {
                for (int s = select.shards().nextSetBit(0); s >= 0; s = select.shards().nextSetBit(s + 1)) {
                    perShard.computeIfAbsent(s, k -> new java.util.LinkedHashSet<>()).add(tuple.get(listed));
                }
            }
        }
        String column = ShardDialect.quote(topology.dialect(), columns().get(keys.columns()[listed]).name());
        List<List<ShardQuery>> rounds = new ArrayList<>();
        for (java.util.Map.Entry<Integer, java.util.Set<Object>> e : perShard.entrySet()) {
            int shard = e.getKey();
            List<Object> shardValues = new ArrayList<>(e.getValue());
            for (int from = 0, round = 0; from < shardValues.size(); from += KEYS_PER_QUERY, round++) {
                List<Object> batch = shardValues.subList(from, Math.min(shardValues.size(), from + KEYS_PER_QUERY));
                List<Object> values = new ArrayList<>(select.values());
                values.addAll(batch);
                String sql = select.sql() + (select.filtered() ? " AND " : " WHERE ") + column + " IN ("
                        + String.join(", ", java.util.Collections.nCopies(batch.size(), "?")) + ")" + select.tail();
                while (rounds.size() <= round) rounds.add(new ArrayList<>());
                rounds.get(round).add(new ShardQuery(shard, topology.shardName(shard), sql, values));
            }
        }
        return rounds;
    }

    /** A key value as the placement hashes it (integers as long, as the router reads them). */
    private static Object placementValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof java.math.BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException big) {
                return d;
            }
        }
        return v;
    }

    /** The rows of several rounds of shard queries, one round after the other. */
    private static final class RoundRows implements Enumerator<Object[]> {
        private final List<List<ShardQuery>> rounds;
        private final java.util.function.Function<List<ShardQuery>, Enumerator<Object[]>> reader;
        private int next;
        private Enumerator<Object[]> current;

        RoundRows(List<List<ShardQuery>> rounds, java.util.function.Function<List<ShardQuery>, Enumerator<Object[]>> reader) {
            this.rounds = rounds;
            this.reader = reader;
        }

        @Override
        public Object[] current() { return current.current(); }

        @Override
        public boolean moveNext() {
            while (true) {
                if (current != null && current.moveNext()) return true;
                if (current != null) current.close();
                current = null;
                if (next >= rounds.size()) return false;
                current = reader.apply(rounds.get(next++));
            }
        }

        @Override
        public void reset() { throw new UnsupportedOperationException("shard rows are read once"); }

        @Override
        public void close() {
            if (current != null) current.close();
            current = null;
            next = rounds.size();
        }
    }

    /** Rows of the shards' results one after another, in Calcite's representation, counted against the budget. */
    private static final class ShardRows implements Enumerator<Object[]> {
        private final FederationContext ctx;
        private final List<ShardQuery> queries;
        private final SqlTypeName[] types;
        private final boolean[] computed;
        private final int[] positions;
        private List<ResultSet> results;
        private int part;
        private Object[] current;

        ShardRows(FederationContext ctx, List<ShardQuery> queries, SqlTypeName[] types, boolean[] computed, int[] positions) {
            this.ctx = ctx;
            this.queries = queries;
            this.types = types;
            this.computed = computed;
            this.positions = positions;
        }

        @Override
        public Object[] current() { return current; }

        @Override
        public boolean moveNext() {
            try {
                if (results == null) results = ctx.source().query(queries);
                while (part < results.size()) {
                    ResultSet rs = results.get(part);
                    if (rs.next()) {
                        ctx.budget().take();
                        ctx.source().rowFetched(queries.get(part).shard());
                        Object[] row = new Object[types.length];
                        for (int i = 0; i < row.length; i++) {
                            Object v = rs.getObject(positions[i]);
                            if (computed[i]) requireExact(v, i);
                            row[i] = Internal.fromJdbc(v, types[i]);
                        }
                        current = row;
                        return true;
                    }
                    rs.close();
                    part++;
                }
                current = null;
                return false;
            } catch (SQLException e) {
                throw new FederationFailure(queries.get(Math.min(part, queries.size() - 1)).shardName(), e);
            }
        }

        /**
         * A value a shard computed must fit the type the plan gives it: a fraction where the plan
         * expects an integer fails the query rather than arriving truncated.
         */
        private void requireExact(Object v, int column) throws SQLException {
            if (!SqlTypeName.INT_TYPES.contains(types[column]) || !(v instanceof Number n)) return;
            boolean fraction = v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().scale() > 0
                    : (v instanceof Double || v instanceof Float) && n.doubleValue() != Math.rint(n.doubleValue());
            if (fraction) {
                throw new SQLException("federation expected an integer where the shard computed " + v + " (column "
                        + (column + 1) + " of " + queries.get(part).sql() + "); narrow the query to one shard with a "
                        + "condition on the shard key, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
            }
        }

        @Override
        public void reset() { throw new UnsupportedOperationException("shard rows are read once"); }

        @Override
        public void close() {
            if (results == null) return;
            for (int i = part; i < results.size(); i++) {
                try {
                    results.get(i).close();
                } catch (SQLException ignored) {
                    // closing a result of a finished scan; the rows were read
                }
            }
            part = results.size();
        }
    }
}
