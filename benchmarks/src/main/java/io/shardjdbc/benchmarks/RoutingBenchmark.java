package io.shardjdbc.benchmarks;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.Router;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.StatementShape;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's cost per execution of a cached statement (what every prepared statement pays), and
 * the one-time cost of analysing a new SQL text. 4 shards, PostgreSQL dialect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RoutingBenchmark {
    static final String CONFIG = """
            shards:
              s0: { url: jdbc:postgresql://db0/app }
              s1: { url: jdbc:postgresql://db1/app }
              s2: { url: jdbc:postgresql://db2/app }
              s3: { url: jdbc:postgresql://db3/app }
            tables:
              sbtest:  { key: id, strategy: hash }
              events:  { key: created_at, strategy: range,
                         ranges: [ { below: "2024-01-01", shard: s0 }, { below: "2025-01-01", shard: s1 },
                                   { below: "2026-01-01", shard: s2 }, { shard: s3 } ] }
            """;

    private PreparedRoute pointSelect;
    private PreparedRoute insert;
    private PreparedRoute inList;
    private PreparedRoute range;
    private StatementAnalyzer analyzer;
    private long key;
    private final Object[] inValues = new Object[10];

    @Setup
    public void setup() {
        ShardConfig config = ConfigLoader.parse("bench.yaml", CONFIG, Map.of(), n -> null);
        Router router = new Router(Topology.of(config), 1000);
        pointSelect = router.prepare("SELECT c FROM sbtest WHERE id = ?");
        insert = router.prepare("INSERT INTO sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)");
        inList = router.prepare("SELECT c FROM sbtest WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        range = router.prepare("SELECT * FROM events WHERE created_at >= ? AND created_at < ?");
        analyzer = new StatementAnalyzer(config.dialect());
    }

    @Benchmark
    public RoutePlan pointSelect() throws SQLException {
        long k = key++;
        return pointSelect.route(i -> k);
    }

    @Benchmark
    public RoutePlan insert() throws SQLException {
        long k = key++;
        return insert.route(i -> i == 1 ? k : "x");
    }

    @Benchmark
    public RoutePlan inListOf10() throws SQLException {
        long k = key++;
        for (int i = 0; i < 10; i++) inValues[i] = k * 10 + i;
        return inList.route(Parameters.of(inValues));
    }

    @Benchmark
    public RoutePlan dateRange() throws SQLException {
        return range.route(Parameters.of(java.time.LocalDate.of(2024, 3, 1), java.time.LocalDate.of(2024, 9, 1)));
    }

    /** A statement seen for the first time: lex, mask, Calcite parse, shape (the cache makes this once per text). */
    @Benchmark
    public StatementShape parseNewStatement() throws SQLException {
        LexedSql lexed = analyzer.lex("SELECT c.name, o.total FROM customer c JOIN orders o ON o.customer_id = c.customer_id "
                + "WHERE c.customer_id = ? AND o.status IN ('NEW', 'PAID') ORDER BY o.created_at DESC LIMIT 20");
        return analyzer.shape(lexed, StatementKind.QUERY);
    }
}
