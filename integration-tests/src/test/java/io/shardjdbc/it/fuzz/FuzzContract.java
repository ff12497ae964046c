package io.shardjdbc.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.shardctl.ShardCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fuzzing the driver's front end end to end: a few thousand generated hostile statements
 * ({@link StatementFuzzer}) run through one connection. Each either runs or fails with a
 * SQLException carrying an SQLState — never another exception or an Error, never a hang (each has
 * a deadline) — and the connection answers afterwards. At the end every row must be on the shard
 * its key places it on, checked with {@code shardctl verify}'s placement check.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=N} replays a run ({@code random} draws a new seed),
 * {@code -Dfuzz.count=N} sets its length.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FuzzContract {
    private static final long STATEMENT_DEADLINE_SECONDS = 30;

    private final TestServers.Kind kind;
    private ShardDatabases dbs;
    private Path config;
    private ShardDataSource ds;
    private ExecutorService runner;

    FuzzContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void setUp() throws Exception {
        dbs = ShardDatabases.create(TestServers.get(kind), ShardDatabases.PREFIX + "fuzz_" + kind.tag(), 4);
        FuzzSchema.create(dbs);
        config = dbs.writeConfig(FuzzSchema.TABLES);
        ds = new ShardDataSource(config);
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-statement");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    void tearDown() {
        if (runner != null) runner.shutdownNow();
        if (ds != null) ds.close();
    }

    @Test
    void hostileStatementsFailCleanlyAndMisplaceNoRow() throws Exception {
        // CI replays one seed so the build is deterministic; -Dfuzz.seed=random explores new ones
        String given = System.getProperty("fuzz.seed", "1");
        long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
        int count = Integer.getInteger("fuzz.count", 1000);
        System.out.println("[fuzz " + kind.tag() + "] seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), " + count + " statements");
        StatementFuzzer fuzzer = new StatementFuzzer(seed, kind == TestServers.Kind.MYSQL, dbs.size());
        Map<String, Integer> states = new TreeMap<>();
        java.util.PriorityQueue<Map.Entry<Long, String>> slowest = new java.util.PriorityQueue<>(Map.Entry.comparingByKey());
        int ran = 0;
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < count; i++) {
                String sql = fuzzer.next();
                String where = "statement " + i + " of seed " + seed + ": " + printable(sql);
                long started = System.nanoTime();
                Future<?> run = runner.submit(() -> {
                    execute(c, sql);
                    return null;
                });
                try {
                    run.get(STATEMENT_DEADLINE_SECONDS, TimeUnit.SECONDS);
                    ran++;
                } catch (TimeoutException hung) {
                    run.cancel(true);
                    fail("no answer within " + STATEMENT_DEADLINE_SECONDS + " s to " + where);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof SQLException sqlException)) {
                        throw new AssertionError("not a SQLException from " + where, cause);
                    }
                    String state = sqlException.getSQLState();
                    if (state == null || !state.matches("[0-9A-Z]{5}")) {
                        throw new AssertionError("no SQLState (" + state + ") from " + where, cause);
                    }
                    states.merge(state.substring(0, 2), 1, Integer::sum);
                }
                slowest.add(Map.entry((System.nanoTime() - started) / 1_000_000, where));
                if (slowest.size() > 3) slowest.poll();
                assertUsable(c, where);
            }
        }
        for (Map.Entry<Long, String> slow : slowest) {
            System.out.println("[fuzz " + kind.tag() + "] slow: " + slow.getKey() + " ms, " + slow.getValue().substring(0, Math.min(200, slow.getValue().length())));
        }
        System.out.println("[fuzz " + kind.tag() + "] ran " + ran + ", refused or failed by SQLState class " + states);
        assertThat(ran).as("some statements are well formed and run").isPositive();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "verify");
        assertThat(exit).as("shardctl verify after seed %d:%n%s%s", seed, out, err).isEqualTo(ShardCtl.OK);
    }

    /** Runs one statement and reads every result, as an application would. */
    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(5); // federated plans of nested subqueries can take longer; the deadline is the point
            boolean rows = st.execute(sql);
            while (true) {
                if (rows) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) rs.getObject(1);
                    }
                } else if (st.getUpdateCount() < 0) {
                    break;
                }
                rows = st.getMoreResults();
            }
        }
    }

    private void assertUsable(Connection c, String after) throws Exception {
        Future<Long> probe = runner.submit(() -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM fz_ref")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        try {
            assertThat(probe.get(STATEMENT_DEADLINE_SECONDS, TimeUnit.SECONDS)).as("fz_ref rows after %s", after).isEqualTo(2L);
        } catch (ExecutionException e) {
            throw new AssertionError("the connection does not answer after " + after, e.getCause());
        }
    }

    private static String printable(String sql) {
        StringBuilder sb = new StringBuilder();
        String s = sql.length() > 400 ? sql.substring(0, 400) + "... (" + sql.length() + " chars)" : sql;
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch == 0x7f || (ch >= 0x2028 && ch <= 0x2029) || ch == 0xFEFF || Character.isSurrogate(ch)) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
