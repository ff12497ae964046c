package io.shardjdbc.it.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential suite: the {@link DataSet} goes through the driver onto 4 shard databases and
 * straight into one unsharded reference database on the same server; every query of the
 * {@link Catalog}, of the {@link FederationCatalog} and of the {@link QueryGenerator} then runs
 * through {@code jdbc:shard:} and on the reference database, and the two results must agree (see
 * {@link Results}); the federated shapes refused by design must be refused with their SQLState.
 * The data is loaded once per class and only read by the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialContract {
    /** Generated queries per run; the seed is printed and can be fixed with -Dsjdbc.diff.seed=N. */
    static final int GENERATED = 300;

    private final TestServers.Kind kind;
    private DiffDatabases dbs;
    private ShardDataSource ds;
    private Connection reference;
    private Connection driver;
    private Results.Collation collation;
    private DataSet data;

    DifferentialContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    boolean postgres() {
        return kind == TestServers.Kind.POSTGRESQL;
    }

    @BeforeAll
    void load() throws Exception {
        dbs = DiffDatabases.create(kind, kind.tag());
        data = new DataSet(postgres());
        dbs.executeEverywhere(data.ddl());
        ds = new ShardDataSource(dbs.writeConfig(DataSet.TABLES));
        try (Connection c = ds.getConnection()) {
            data.load(c);
        }
        try (Connection r = dbs.connectReference()) {
            data.load(r);
        }
        reference = dbs.connectReference();
        driver = ds.getConnection();
        collation = postgres() ? null : new Results.Collation(reference);
    }

    @AfterAll
    void close() throws Exception {
        if (driver != null) driver.close();
        if (reference != null) reference.close();
        if (ds != null) ds.close();
    }

    @Test
    void theDataIsPlacedAsConfigured() throws SQLException {
        // every row went through the driver once; the range shard s2 and some shards of promos stay empty
        for (String table : data.tables.keySet()) {
            long total = 0;
            int empty = 0;
            for (int s = 0; s < DiffDatabases.SHARDS; s++) {
                long n = count(s, table);
                total += n;
                if (n == 0) empty++;
            }
            if (table.equals("countries")) {
                assertThat(total).as("broadcast rows on 4 shards").isEqualTo(4L * data.rows(table));
            } else {
                assertThat(total).as("%s rows over the shards", table).isEqualTo(data.rows(table));
            }
            if (table.equals("promos")) assertThat(empty).as("shards without promos").isGreaterThanOrEqualTo(2);
        }
        assertThat(count(2, "events")).as("the empty range of events").isZero();
        assertThat(count(0, "events") * count(1, "events") * count(3, "events")).isPositive();
    }

    private long count(int shard, String table) throws SQLException {
        try (Connection c = dbs.connectShard(shard); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @TestFactory
    Stream<DynamicTest> handwrittenQueriesAgreeWithTheReference() {
        return Catalog.all().stream().filter(q -> q.runsOn(postgres()))
                .map(q -> DynamicTest.dynamicTest(q.name(), () -> check(q)));
    }

    @TestFactory
    Stream<DynamicTest> federatedQueriesAgreeWithTheReference() {
        return FederationCatalog.all().stream()
                .filter(c -> c.query().runsOn(postgres()) && c.refusal(postgres()) == null)
                .map(c -> DynamicTest.dynamicTest(c.query().name(), () -> {
                    QueryCase q = c.query();
                    assertThat(ds.explain(q.sql(), q.params()).isFederated()).as("federated: %s", q.sql()).isTrue();
                    check(q);
                }));
    }

    @TestFactory
    Stream<DynamicTest> federatedShapesRefusedByDesignAreRefusedClearly() {
        return FederationCatalog.all().stream()
                .filter(c -> c.query().runsOn(postgres()) && c.refusal(postgres()) != null)
                .map(c -> DynamicTest.dynamicTest(c.query().name(), () -> {
                    QueryCase q = c.query();
                    FederationCatalog.Refusal r = c.refusal(postgres());
                    try {
                        Results.run(reference, q);
                    } catch (SQLException e) {
                        throw new AssertionError("the reference database refuses the query (a bad test): " + q.sql(), e);
                    }
                    assertThatThrownBy(() -> Results.run(driver, q))
                            .as("%s is refused by design (%s)", q.sql(), r.why())
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(r.sqlState()))
                            .satisfies(e -> assertThat(e.getMessage()).as("the refusal names the statement").contains(abbreviated(q.sql())));
                    try (Statement st = driver.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM countries")) {
                        assertThat(rs.next()).as("the connection stays usable after the refusal").isTrue();
                    }
                }));
    }

    /** The start of a statement, as error messages quote it (they may shorten long statements). */
    private static String abbreviated(String sql) {
        return sql.substring(0, Math.min(sql.length(), 60));
    }

    @TestFactory
    Stream<DynamicTest> generatedQueriesAgreeWithTheReference() {
        long seed = Long.getLong("sjdbc.diff.seed", System.nanoTime());
        System.out.println("[differential " + kind.tag() + "] generated queries with seed " + seed
                + " (replay: -Dsjdbc.diff.seed=" + seed + ")");
        QueryGenerator gen = new QueryGenerator(seed, postgres());
        List<QueryCase> cases = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) cases.add(gen.next());
        return cases.stream().map(q -> DynamicTest.dynamicTest("seed " + seed + ": " + q.name(), () -> check(q)));
    }

    @TestFactory
    Stream<DynamicTest> unsupportedShapesAreRefusedNotAnsweredWrongly() {
        return Catalog.refused(postgres()).stream().map(sql -> DynamicTest.dynamicTest(sql, () -> {
            try (Statement st = reference.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                assertThat(rs.next()).as("the reference database answers").isTrue();
            }
            assertThatThrownBy(() -> {
                try (Statement st = driver.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) { /* a wrong answer would arrive here */ }
                }
            }).isInstanceOf(SQLFeatureNotSupportedException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
        }));
    }

    private void check(QueryCase q) throws SQLException {
        Results.Result expected;
        try {
            expected = Results.run(reference, q);
        } catch (SQLException e) {
            throw new AssertionError("the reference database refuses the query (a bad test): " + q.sql() + ": " + e.getMessage(), e);
        }
        Results.Result actual = Results.run(driver, q);
        List<String> diffs = Results.differences(q, expected, actual, collation);
        assertThat(diffs).as("%s\nthrough jdbc:shard: and on the unsharded database", q.sql()).isEmpty();
    }
}
