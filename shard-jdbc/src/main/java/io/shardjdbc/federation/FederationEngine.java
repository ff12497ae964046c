package io.shardjdbc.federation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.sql.CalciteParser;
import io.shardjdbc.topology.Topology;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers federated SELECTs: plans each distinct SQL text once per topology version with Calcite
 * (parse with the project's Babel configuration, validate against the logical tables, optimise,
 * check it computes as the database would, compile) and keeps the compiled plan; each execution
 * binds it to the logical connection's shards. One per runtime; thread-safe.
 */
public final class FederationEngine {
    private final long rowBudget;
    private final Cache<String, FederatedPlan> plans;
    private final Map<String, List<Column>> columns = new ConcurrentHashMap<>();
    // estimated rows per table and topology version: they steer join order, so minutes-old counts serve
    private final Cache<String, Double> rowCounts = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(java.time.Duration.ofMinutes(10)).build();

    /**
     * @param rowBudget the most rows one execution may fetch from the shards ({@code federation-row-budget})
     * @param cacheSize how many distinct SQL texts keep their plan
     */
    public FederationEngine(long rowBudget, int cacheSize) {
        this.rowBudget = rowBudget;
        this.plans = Caffeine.newBuilder().maximumSize(Math.max(1, cacheSize)).build();
    }

    /**
     * The rows of a federated SELECT on a topology snapshot, read from the shards through
     * {@code source} (closed with the result).
     */
    public ResultSet execute(Topology topology, String sql, Parameters params, ShardSource source, long maxRows)
            throws SQLException {
        FederatedPlan plan = plan(topology, sql, source);
        return plan.execute(params, source, new RowBudget(rowBudget, sql), maxRows);
    }

    /** The federated plan of a SELECT and the SQL each shard is asked with these parameters. */
    public String explain(Topology topology, String sql, Parameters params, ShardSource source) throws SQLException {
        return plan(topology, sql, source).explain(params);
    }

    private FederatedPlan plan(Topology topology, String sql, ShardSource source) throws SQLException {
        // a plan names shards and placements: a new topology version plans again
        String key = topology.version() + "\n" + sql;
        FederatedPlan p = plans.getIfPresent(key);
        if (p == null) {
            try {
                p = FederatedPlan.compile(sql, topology, new CalciteParser(topology.dialect()).config(),
                        name -> columnsOf(topology, name, source), name -> rowsOf(topology, name, source));
            } catch (SQLException e) {
                // refusals and errors of the SQL itself are kept: planning again would give the same answer
                if (e instanceof SQLFeatureNotSupportedException || e instanceof SQLSyntaxErrorException) {
                    plans.put(key, FederatedPlan.failed(e));
                }
                throw e;
            }
            plans.put(key, p);
        }
        return p.checked(sql);
    }

    /** A table's columns as a shard describes them, kept per table and topology version. */
    private List<Column> columnsOf(Topology topology, String table, ShardSource source) throws SQLException {
        String key = table + "@" + topology.version();
        List<Column> cols = columns.get(key);
        if (cols != null) return cols;
        Dialect d = topology.dialect();
        ResultSetMetaData md = source.describe(0, "SELECT * FROM " + ShardDialect.quote(d, table) + " WHERE 1 = 0", List.of());
        cols = TableColumns.of(md);
        if (cols.isEmpty()) throw new SQLException("table " + table + " has no columns on shard " + topology.shardName(0), "42P01");
        columns.put(key, cols);
        return cols;
    }

    /** A table's estimated rows on all its shards, kept per table and topology version. */
    private Double rowsOf(Topology topology, String table, ShardSource source) throws SQLException {
        String key = table + "@" + topology.version();
        Double rows = rowCounts.getIfPresent(key);
        if (rows != null) return rows;
        rows = (double) TableRows.estimate(topology, table, source);
        rowCounts.put(key, rows);
        return rows;
    }

    /** Forgets the columns and row estimates of every table (after DDL changed them). */
    public void forgetColumns() {
        columns.clear();
        rowCounts.invalidateAll();
        plans.invalidateAll();
    }

    static String abbreviate(String sql) {
        return ShardErrors.abbreviate(sql);
    }

    /** Estimates a table's rows on all its shards, on first use. */
    @FunctionalInterface
    interface RowCounter {
        Double rows(String table) throws SQLException;
    }

    /** Loads a table's columns on first use. */
    @FunctionalInterface
    interface ColumnLoader {
        List<Column> load(String table) throws SQLException;
    }

    static List<Object> values(Parameters params, int count) {
        List<Object> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) out.add(params.get(i));
        return out;
    }
}
