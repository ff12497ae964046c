package io.shardjdbc.benchmarks.workload;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * What an application writes by hand to run the multi-shard workloads on the 4 shard databases: the
 * same per-shard queries the driver sends, run at once (one on the caller's thread, the others on a
 * small pool), and merged in the application — an IN list split by {@code id % 4}, a range
 * merged by id, COUNT and SUM added, a top-k merged by k and cut. No parsing and no general merge:
 * the least code that answers these four statements, the reference for the driver's cost on them.
 */
final class HandMerged {
    private final String sql;
    private final Workloads shape;
    private final Connection[] shards;
    private final IntFunction<Connection> connect;
    private final ExecutorService executor;
    // per shard: the prepared statements by SQL (an IN list's SQL depends on how many of its ids the shard holds)
    private final List<Map<String, PreparedStatement>> prepared = new ArrayList<>();
    private final long[] params = new long[10];

    private HandMerged(String sql, Workloads shape, Connection[] shards, IntFunction<Connection> connect, ExecutorService executor) {
        this.sql = sql;
        this.shape = shape;
        this.shards = shards;
        this.connect = connect;
        this.executor = executor;
        for (int i = 0; i < shards.length; i++) prepared.add(new HashMap<>());
    }

    /** The workload whose statement this is, or null when it is not one of the multi-shard ones. */
    static Workloads shapeOf(String sql) {
        return switch (sql) {
            case Workloads.IN_10 -> Workloads.IN_LIST_10;
            case Workloads.RANGE -> Workloads.ID_RANGE_100;
            case Workloads.AGG -> Workloads.SCATTER_AGG;
            case Workloads.TOPK -> Workloads.SCATTER_TOPK;
            default -> null;
        };
    }

    /** A prepared statement for one of the multi-shard workloads' statements. */
    static PreparedStatement statement(String sql, Connection[] shards, IntFunction<Connection> connect, ExecutorService executor) {
        HandMerged m = new HandMerged(sql, shapeOf(sql), shards, connect, executor);
        return (PreparedStatement) Proxy.newProxyInstance(HandMerged.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setLong", "setInt" -> {
                        m.params[(Integer) args[0] - 1] = ((Number) args[1]).longValue();
                        yield null;
                    }
                    case "executeQuery" -> m.executeQuery();
                    case "close" -> {
                        m.close();
                        yield null;
                    }
                    default -> throw new SQLFeatureNotSupportedException("hand-merged statements do not do " + method.getName());
                });
    }

    private ResultSet executeQuery() throws Exception {
        int n = shards.length;
        String[] shardSql = new String[n];
        long[][] shardParams = new long[n][];
        if (shape == Workloads.IN_LIST_10) {
            long[][] ids = new long[n][10];
            int[] counts = new int[n];
            for (long id : params) {
                int s = (int) Math.floorMod(id, (long) n);
                ids[s][counts[s]++] = id;
            }
            for (int s = 0; s < n; s++) {
                if (counts[s] == 0) continue;
                shardSql[s] = "SELECT id, k, c FROM sbtest WHERE id IN (" + "?, ".repeat(counts[s] - 1) + "?)";
                shardParams[s] = java.util.Arrays.copyOf(ids[s], counts[s]);
            }
        } else {
            int used = shape == Workloads.SCATTER_TOPK ? 1 : 2;
            for (int s = 0; s < n; s++) {
                shardSql[s] = sql;
                shardParams[s] = java.util.Arrays.copyOf(params, used);
            }
        }
        List<List<String[]>> results = runAtOnce(shardSql, shardParams);
        return rows(merge(results), shape == Workloads.SCATTER_AGG ? 2 : 3);
    }

    /** Runs each shard's query, the first on this thread and the others on the pool, and returns their rows. */
    private List<List<String[]>> runAtOnce(String[] shardSql, long[][] shardParams) throws Exception {
        List<Future<List<String[]>>> others = new ArrayList<>();
        int local = -1;
        for (int s = 0; s < shardSql.length; s++) {
            if (shardSql[s] == null) continue;
            if (local < 0) {
                local = s;
                continue;
            }
            int shard = s;
            others.add(executor.submit(() -> query(shard, shardSql[shard], shardParams[shard])));
        }
        List<List<String[]>> out = new ArrayList<>();
        out.add(query(local, shardSql[local], shardParams[local]));
        for (Future<List<String[]>> f : others) out.add(f.get());
        return out;
    }

    private List<String[]> query(int shard, String text, long[] values) throws SQLException {
        Connection c;
        synchronized (shards) {
            c = shards[shard];
            if (c == null) c = shards[shard] = connect.apply(shard);
        }
        PreparedStatement ps = prepared.get(shard).get(text);
        if (ps == null) {
            ps = c.prepareStatement(text);
            prepared.get(shard).put(text, ps);
        }
        for (int i = 0; i < values.length; i++) ps.setLong(i + 1, values[i]);
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) row[i] = rs.getString(i + 1);
                rows.add(row);
            }
        }
        return rows;
    }

    private List<String[]> merge(List<List<String[]>> results) {
        List<String[]> all = new ArrayList<>();
        switch (shape) {
            case SCATTER_AGG -> {
                long count = 0, sum = 0;
                boolean anySum = false;
                for (List<String[]> r : results) {
                    count += Long.parseLong(r.get(0)[0]);
                    if (r.get(0)[1] != null) {
                        sum += Long.parseLong(r.get(0)[1]);
                        anySum = true;
                    }
                }
                all.add(new String[] {Long.toString(count), anySum ? Long.toString(sum) : null});
                return all;
            }
            case ID_RANGE_100, SCATTER_TOPK -> {
                for (List<String[]> r : results) all.addAll(r);
                // each shard's rows are sorted; sorting their concatenation is the simplest exact merge
                Comparator<String[]> order = shape == Workloads.ID_RANGE_100
                        ? Comparator.comparingLong(row -> Long.parseLong(row[0]))
                        : Comparator.<String[]>comparingLong(row -> Long.parseLong(row[1])).reversed();
                all.sort(order);
                return shape == Workloads.SCATTER_TOPK && all.size() > 10 ? all.subList(0, 10) : all;
            }
            default -> {
                for (List<String[]> r : results) all.addAll(r);
                return all;
            }
        }
    }

    /** The merged rows as a result set that answers what the workloads ask of one: next, getString, the column count. */
    private static ResultSet rows(List<String[]> rows, int columns) {
        ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(HandMerged.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getColumnCount")) return columns;
                    throw new SQLFeatureNotSupportedException("hand-merged metadata does not do " + method.getName());
                });
        int[] at = {-1};
        return (ResultSet) Proxy.newProxyInstance(HandMerged.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> ++at[0] < rows.size();
                    case "getString" -> rows.get(at[0])[(Integer) args[0] - 1];
                    case "getMetaData" -> md;
                    case "close" -> null;
                    default -> throw new SQLFeatureNotSupportedException("hand-merged rows do not do " + method.getName());
                });
    }

    private void close() throws SQLException {
        for (Map<String, PreparedStatement> m : prepared) for (PreparedStatement ps : m.values()) ps.close();
    }
}
