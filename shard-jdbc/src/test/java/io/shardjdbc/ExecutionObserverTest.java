package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.observe.ExecutionShape;
import io.shardjdbc.observe.RouteLog;
import io.shardjdbc.route.RoutePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The observer hook sees every execution where its shard statements run: its shape, each shard statement's shard
 * and physical SQL, and failures; the route log writes that at DEBUG and nothing when DEBUG is off.
 */
class ExecutionObserverTest {
    private H2Shards shards;
    private ShardDataSource ds;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(4);
        ds = new ShardDataSource(shards.builder().hashTable("item", "id", 64).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        }
        ds.runtime().observers().add(recorder);
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    @Test
    void aSingleShardStatementIsSeenOnTheShardItRunsOn() throws SQLException {
        String insert = "INSERT INTO item (id, name) VALUES (?, ?)";
        String shard = ds.explain(insert, 7L, "x").units().get(0).shardName();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setLong(1, 7);
            ps.setString(2, "seven");
            ps.executeUpdate();
        }
        assertThat(recorder.events).containsExactly(
                "start INSERT single-shard " + insert,
                "shard " + shard + " " + insert + " ok",
                "end ok");
    }

    @Test
    void aMultiShardQueryIsSeenOnEveryShard() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT name FROM item WHERE name = 'x'").close();
        }
        assertThat(recorder.events).first().isEqualTo("start QUERY multi-shard SELECT name FROM item WHERE name = 'x'");
        assertThat(recorder.events).filteredOn(e -> e.startsWith("shard ")).containsExactlyInAnyOrder(
                "shard s0 SELECT name FROM item WHERE name = 'x' ok", "shard s1 SELECT name FROM item WHERE name = 'x' ok",
                "shard s2 SELECT name FROM item WHERE name = 'x' ok", "shard s3 SELECT name FROM item WHERE name = 'x' ok");
        assertThat(recorder.events).last().isEqualTo("end ok");
    }

    @Test
    void aFailingShardStatementIsSeenWithItsError() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO item (id, name) VALUES (1, 'a')");
            recorder.events.clear();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO item (id, name) VALUES (1, 'again')")).isInstanceOf(SQLException.class);
        }
        assertThat(recorder.events).hasSize(3);
        assertThat(recorder.events.get(1)).endsWith("failed");
        assertThat(recorder.events.get(2)).isEqualTo("end failed");
    }

    @Test
    void aBatchIsSeenWithOneShardStatementPerPhysicalBatch() throws SQLException {
        String insert = "INSERT INTO item (id, name) VALUES (?, ?)";
        java.util.Set<String> shardsOfBatch = new java.util.TreeSet<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            for (long id = 100; id < 140; id++) {
                ps.setLong(1, id);
                ps.setString(2, "batched");
                ps.addBatch();
                shardsOfBatch.add(ds.explain(insert, id, "batched").units().get(0).shardName());
            }
            ps.executeBatch();
        }
        assertThat(recorder.events).first().isEqualTo("start INSERT multi-shard executeBatch of 40: " + insert);
        assertThat(recorder.events).filteredOn(e -> e.startsWith("shard ")).map(e -> e.split(" ")[1])
                .containsExactlyInAnyOrderElementsOf(shardsOfBatch);
        assertThat(recorder.events).last().isEqualTo("end ok");
    }

    @Test
    void aRemovedObserverSeesNothing() throws SQLException {
        ds.runtime().observers().remove(recorder);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT name FROM item").close();
        }
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void theRouteLogWritesShardsPhysicalSqlAndTimesAtDebug() throws SQLException {
        CapturingLogger debug = new CapturingLogger(true);
        ds.runtime().observers().add(new RouteLog(debug));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT name FROM item ORDER BY name").close();
        }
        assertThat(debug.lines).hasSize(1);
        assertThat(debug.lines.get(0)).startsWith("QUERY multi-shard ").contains(" ms: SELECT name FROM item ORDER BY name")
                // the physical SQL, as the merge rewrote it
                .containsPattern("\\n  s0 [0-9.]+ ms: SELECT name, .+ FROM item ORDER BY name")
                .contains("\n  s1 ").contains("\n  s2 ").contains("\n  s3 ");
    }

    @Test
    void theRouteLogIsOffWithoutDebug() {
        CapturingLogger info = new CapturingLogger(false);
        RoutePlan plan = new RoutePlan(io.shardjdbc.sql.StatementKind.QUERY, List.of(), RoutePlan.UpdateCount.SUM, null);
        assertThat(new RouteLog(info).started(plan, "SELECT 1")).isSameAs(ExecutionObserver.Execution.IGNORED);
        assertThat(info.lines).isEmpty();
    }

    /** Writes down what it sees, in order. */
    private static final class Recorder implements ExecutionObserver {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Execution started(RoutePlan plan, String sql) {
            events.add("start " + plan.kind() + " " + ExecutionShape.of(plan).tag() + " " + sql);
            return new Execution() {
                @Override
                public ShardStatement shardStatement(int shard, String shardName, String physicalSql) {
                    return error -> events.add("shard " + shardName + " " + physicalSql + (error == null ? " ok" : " failed"));
                }

                @Override
                public void finished(Throwable error) {
                    events.add(error == null ? "end ok" : "end failed");
                }
            };
        }
    }

    /** An SLF4J logger that keeps its DEBUG lines. */
    private static final class CapturingLogger extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();
        private final boolean debug;

        CapturingLogger(boolean debug) {
            this.debug = debug;
            this.name = RouteLog.LOGGER;
        }

        @Override
        protected String getFullyQualifiedCallerName() { return null; }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            if (level == Level.DEBUG) lines.add(MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public boolean isTraceEnabled() { return false; }

        @Override
        public boolean isDebugEnabled() { return debug; }

        @Override
        public boolean isInfoEnabled() { return true; }

        @Override
        public boolean isWarnEnabled() { return true; }

        @Override
        public boolean isErrorEnabled() { return true; }
    }
}
