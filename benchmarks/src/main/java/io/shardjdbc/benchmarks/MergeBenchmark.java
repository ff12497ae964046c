package io.shardjdbc.benchmarks;

import io.shardjdbc.merge.GroupedMerge;
import io.shardjdbc.merge.RowsResultSet;
import io.shardjdbc.merge.SortMergeCursor;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.Fold;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.mergeplan.SortKey;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The merge engine's cost over rows already fetched from 4 shards (the database and network left
 * out): the k-way ORDER BY merge read to the end, and a GROUP BY with COUNT and SUM folded into 100
 * groups. Each operation merges every row of the 4 shards once; divide by {@code 4 x rowsPerShard}
 * for the cost per row. Building the in-memory shard results is part of each operation (small
 * next to the merge).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MergeBenchmark {
    private static final int SHARDS = 4;
    private static final List<String> NAMES = List.of("s0", "s1", "s2", "s3");

    @Param({"1000"})
    public int rowsPerShard;

    private final List<List<Object[]>> sorted = new ArrayList<>();
    private final List<List<Object[]>> grouped = new ArrayList<>();
    private ResultSetMetaData threeColumns;
    private MergePlan orderBy;
    private MergePlan groupBy;

    @Setup
    public void setup() {
        threeColumns = metaData(3);
        for (int s = 0; s < SHARDS; s++) {
            List<Object[]> rows = new ArrayList<>(rowsPerShard);
            List<Object[]> groups = new ArrayList<>(100);
            // shard s holds keys s, s + 4, s + 8, ...: a merge that interleaves every row
            for (int i = 0; i < rowsPerShard; i++) {
                long key = (long) i * SHARDS + s;
                rows.add(new Object[] {key, "c" + key, key});
            }
            for (int g = 0; g < 100; g++) groups.add(new Object[] {"g" + g, (long) rowsPerShard / 100, (long) g * rowsPerShard});
            sorted.add(rows);
            grouped.add(groups);
        }
        // SELECT id, c FROM t ORDER BY id: the sort key travels as hidden column 3
        orderBy = new MergePlan(1, List.of(), List.of(), null, List.of(new SortKey(new Expr.Column(0), false, false)),
                false, List.of(), 0, -1, new Object[0]);
        // SELECT g, COUNT(*), SUM(v) FROM t GROUP BY g: each shard sends its partial groups
        groupBy = new MergePlan(0, List.of(new Slot(1, Fold.KEY, 0), new Slot(2, Fold.COUNT, 0), new Slot(3, Fold.SUM, 0)),
                List.of(new Expr.Column(0), new Expr.Column(1), new Expr.Column(2)), null, List.of(), false, List.of(), 0, -1,
                new Object[0]);
    }

    @Benchmark
    public long kWayOrderByMerge() throws SQLException {
        SortMergeCursor cursor = new SortMergeCursor(parts(sorted), NAMES, orderBy, 0, Long.MAX_VALUE, TextOrder.CODE_POINT);
        long sum = 0;
        while (cursor.next()) sum += cursor.current().getLong(1);
        return sum;
    }

    @Benchmark
    public int groupByCountSum() throws SQLException {
        return new GroupedMerge(groupBy, Long.MAX_VALUE, TextOrder.CODE_POINT).merge(parts(grouped), NAMES, 3).size();
    }

    private List<ResultSet> parts(List<List<Object[]>> rows) throws SQLException {
        List<ResultSet> parts = new ArrayList<>(SHARDS);
        for (List<Object[]> r : rows) parts.add(new RowsResultSet(threeColumns, 3, r));
        return parts;
    }

    /** Column descriptions for the in-memory shard results (BIGINT, VARCHAR, BIGINT). */
    private static ResultSetMetaData metaData(int columns) {
        return (ResultSetMetaData) Proxy.newProxyInstance(MergeBenchmark.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getColumnCount" -> columns;
                    case "getColumnLabel", "getColumnName" -> "c" + args[0];
                    case "getColumnType" -> (Integer) args[0] == 2 ? Types.VARCHAR : Types.BIGINT;
                    case "getColumnTypeName" -> (Integer) args[0] == 2 ? "varchar" : "int8";
                    case "getColumnClassName" -> (Integer) args[0] == 2 ? "java.lang.String" : "java.lang.Long";
                    case "getSchemaName", "getTableName", "getCatalogName" -> "";
                    case "getPrecision", "getScale", "getColumnDisplaySize", "isNullable" -> 0;
                    default -> m.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }
}
