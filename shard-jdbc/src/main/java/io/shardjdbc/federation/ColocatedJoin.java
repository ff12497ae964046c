package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.TableRule;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Two tables (or co-located joins) whose joined rows always lie on one shard: sharded tables of
 * one co-location group joined on their shard keys, a sharded table with a broadcast table on the
 * side that may lose rows, or broadcast tables with each other. Each shard runs the join as one
 * statement, so the driver reads joined rows instead of both tables, and the database joins by its
 * own rules (collations, indexes). Built by {@link ColocatedJoins}; a scan of it is a
 * {@link LogicalTable} whose columns are named {@code c0, c1, ...} in the shards' SQL.
 *
 * @param left         the left input's table
 * @param leftFilters  the conditions on the left input's rows (each side's own, applied before the join)
 * @param right        the right input's table
 * @param rightFilters the conditions on the right input's rows
 * @param type         INNER, LEFT, RIGHT or FULL
 * @param condition    the join condition, over the left row followed by the right row
 * @param rowType      the join's row type, which the scan keeps
 */
record ColocatedJoin(LogicalTable left, List<RexNode> leftFilters, LogicalTable right, List<RexNode> rightFilters,
                     JoinRelType type, RexNode condition, RelDataType rowType) {
    ColocatedJoin {
        leftFilters = List.copyOf(leftFilters);
        rightFilters = List.copyOf(rightFilters);
    }

    /** The scan of this join: its rows lie as the sharded side's (or a broadcast table's), its keys are both sides'. */
    LogicalTable table(RelDataTypeFactory tf) {
        int nl = left.allColumns().length;
        List<Column> columns = new ArrayList<>();
        List<RelDataTypeField> fields = rowType.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            Column source = i < nl ? sourceColumn(left, i) : sourceColumn(right, i - nl);
            RelDataType t = fields.get(i).getType();
            SqlTypeName sql = source != null ? source.sqlType()
                    : t.getSqlTypeName() == SqlTypeName.CHAR ? SqlTypeName.VARCHAR : t.getSqlTypeName();
            columns.add(new Column("c" + i, source == null ? Types.OTHER : source.jdbcType(),
                    source == null ? "" : source.typeName(), sql, t.getPrecision() < 0 ? 0 : t.getPrecision(),
                    t.getScale() < 0 ? 0 : t.getScale(), t.isNullable()));
        }
        boolean leftSharded = left.rule() instanceof ShardedTable, rightSharded = right.rule() instanceof ShardedTable;
        List<Integer> keys = new ArrayList<>();
        if (leftSharded) for (int k : left.keys()) keys.add(k);
        if (rightSharded) for (int k : right.keys()) keys.add(nl + k);
        TableRule rule = leftSharded || !rightSharded ? left.rule() : right.rule();
        return new LogicalTable(left.name() + " JOIN " + right.name(), rule, left.topology(), columns,
                keys.stream().mapToInt(Integer::intValue).toArray(), this);
    }

    private static Column sourceColumn(LogicalTable t, int column) {
        return column < t.columns().size() ? t.columns().get(column) : null;
    }

    /**
     * The join as the FROM clause of a shard's SELECT: each side a derived table naming its columns
     * as this scan does, joined on the condition; the shards that hold joined rows.
     */
    LogicalTable.From from(Dialect dialect, List<Column> columns, RexBuilder rexBuilder, IntFunction<Object> parameters)
            throws SQLException {
        int nl = left.allColumns().length;
        List<String> names = columns.stream().map(Column::name).toList();
        LogicalTable.Select l = left.select(leftFilters, left.allColumns(), names.subList(0, nl), rexBuilder, parameters);
        LogicalTable.Select r = right.select(rightFilters, right.allColumns(), names.subList(nl, names.size()), rexBuilder, parameters);
        if (l.pushed().size() < leftFilters.size() || r.pushed().size() < rightFilters.size()) {
            throw new SQLException("federation cannot write the conditions of " + left.name() + " JOIN " + right.name()
                    + " for its shards", "XX000");
        }
        List<Object> values = new ArrayList<>(l.values());
        values.addAll(r.values());
        String on = new FilterSql(dialect, columns, rexBuilder, parameters).write(condition, values);
        if (on == null) {
            throw new SQLException("federation cannot write the join condition of " + left.name() + " JOIN " + right.name()
                    + " for its shards", "XX000");
        }
        String sql = "(" + l.sql() + ") " + ShardDialect.quote(dialect, "t0") + " " + type.name() + " JOIN ("
                + r.sql() + ") " + ShardDialect.quote(dialect, "t1") + " ON " + on;
        return new LogicalTable.From(sql, values, shards(l.shards(), r.shards()));
    }

    /** The shards holding joined rows: where both sides have rows, or where the side that keeps its rows has them. */
    private BitSet shards(BitSet l, BitSet r) {
        boolean leftSharded = left.rule() instanceof ShardedTable, rightSharded = right.rule() instanceof ShardedTable;
        BitSet out = (BitSet) (leftSharded || !rightSharded ? l : r).clone();
        if (leftSharded && rightSharded) {
            switch (type) {
                case INNER -> out.and(r);
                case RIGHT -> out = (BitSet) r.clone();
                case FULL -> out.or(r);
                default -> { } // LEFT: the left side's shards
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "(" + describe(left) + (leftFilters.isEmpty() ? "" : " where " + leftFilters) + ") " + type + " JOIN ("
                + describe(right) + (rightFilters.isEmpty() ? "" : " where " + rightFilters) + ") ON " + condition;
    }

    private static String describe(LogicalTable t) {
        if (t.join() != null) return t.join().toString();
        return t.name() + (t.computed().isEmpty() ? "" : " computing " + t.computed());
    }
}
