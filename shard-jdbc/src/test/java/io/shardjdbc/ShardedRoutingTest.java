package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows written through the driver land on the shard {@code explain} names and nowhere else, and
 * reads find them there: checked by querying every H2 shard directly.
 */
class ShardedRoutingTest {
    private static final String INSERT = "INSERT INTO item (id, name) VALUES (?, ?)";
    private H2Shards shards;
    private ShardDataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(4);
        ds = new ShardDataSource(shards.builder()
                .hashTable("item", "id", 64)
                .hashTable("ev", "k", 64)
                .broadcastTable("country")
                .build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // DDL on configured tables is broadcast: every shard gets the table
            s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
            s.execute("CREATE TABLE ev (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT)");
            s.execute("CREATE TABLE country (code CHAR(2) PRIMARY KEY, name VARCHAR(50))");
        }
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private int shardOf(long id) throws SQLException {
        RoutePlan plan = ds.explain(INSERT, id, "x");
        assertThat(plan.units()).hasSize(1);
        return plan.units().get(0).shard();
    }

    /** Every id is on exactly the shard the router names, and on no other. */
    private void assertPlacement(List<Long> ids) throws SQLException {
        List<Set<Long>> expected = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) expected.add(new HashSet<>());
        for (long id : ids) expected.get(shardOf(id)).add(id);
        for (int i = 0; i < shards.size(); i++) {
            assertThat(new HashSet<>(shards.ids(i, "item"))).as("rows on s" + i).isEqualTo(expected.get(i));
        }
        assertThat(expected).allSatisfy(set -> assertThat(set).as("every shard gets some rows").isNotEmpty());
    }

    @Test
    void insertsLandWhereExplainSaysAndPointReadsFindThem() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long id = 1; id <= 200; id++) {
                ps.setLong(1, id);
                ps.setString(2, "item-" + id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                ids.add(id);
            }
        }
        assertPlacement(ids);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
            for (long id : List.of(1L, 57L, 200L)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("item-" + id);
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void scatterReadsConcatenateEveryShardAndRespectMaxRows() throws SQLException {
        insert(1, 100);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            Set<Long> seen = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM item")) {
                while (rs.next()) assertThat(seen.add(rs.getLong(1))).isTrue();
                assertThat(rs.getRow()).isZero();
                // the shards read first are closed by now; the columns are still described
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
                assertThat(rs.findColumn("ID")).isEqualTo(1);
            }
            assertThat(seen).hasSize(100);

            s.setMaxRows(30);
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT id FROM item")) {
                while (rs.next()) n++;
            }
            assertThat(n).isEqualTo(30);
            s.setMaxRows(0);

            List<Long> in = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM item WHERE id IN (3, 14, 15, 92, 65)")) {
                while (rs.next()) in.add(rs.getLong(1));
            }
            assertThat(in).containsExactlyInAnyOrder(3L, 14L, 15L, 92L, 65L);
        }
    }

    @Test
    void crossShardShapesAreMergedOrRefusedNeverAnsweredWrongly() throws SQLException {
        insert(1, 20);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM item ORDER BY id DESC LIMIT 3")) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            assertThat(ids).containsExactly(20L, 19L, 18L);
            // a window over rows of several shards is federated: numbered over all rows, as one database would
            try (ResultSet rs = s.executeQuery("SELECT id, row_number() OVER (ORDER BY id) AS rn FROM item")) {
                int rows = 0;
                while (rs.next()) {
                    assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
                    rows++;
                }
                assertThat(rows).isEqualTo(20);
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT id, avg(id) OVER () FROM item"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
        }
    }

    @Test
    void explainShowsThePrimitivesThatRunThePlan() throws SQLException {
        assertThat(ds.explain("SELECT name FROM item WHERE id = ?", 7L).primitives())
                .isEqualTo("Route on s" + shardOf(7));
        assertThat(ds.explain("SELECT id FROM item").primitives()).isEqualTo("Concat\n  Route on s0, s1, s2, s3");
        assertThat(ds.explain("SELECT id FROM item ORDER BY id DESC LIMIT 3").toString())
                .endsWith("primitives:\n  MergeSort order by [SortKey[value=Column[index=0], descending=true, nullsFirst=false]],"
                        + " limit 3, 1 hidden column(s)\n    Route on s0, s1, s2, s3");
        assertThat(ds.explain("SELECT count(*) FROM item").primitives()).startsWith("Aggregate\n  Route on s0, s1, s2, s3");
        assertThat(ds.explain("SELECT id, row_number() OVER (ORDER BY id) FROM item").primitives())
                .startsWith("Federated: window functions");
    }

    @Test
    void batchesAreRoutedPerRowAndCountsComeBackInOrder() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long id = 1000; id < 1100; id++) {
                ps.setLong(1, id);
                ps.setString(2, "b" + id);
                ps.addBatch();
                ids.add(id);
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(100).containsOnly(1);
        }
        assertPlacement(ids);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.addBatch("UPDATE item SET name = 'u' WHERE id = 1000");
            s.addBatch("DELETE FROM item WHERE id IN (1001, 1002, 1003)");
            s.addBatch("UPDATE item SET name = 'none' WHERE id = 5");
            assertThat(s.executeBatch()).containsExactly(1, 3, 0);
        }
    }

    @Test
    void aFailingPhysicalBatchReportsEveryEntryInTheOriginalOrder() throws SQLException {
        insert(7, 7); // id 7 exists: adding it again fails on its shard
        int failing = shardOf(7);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            long[] ids = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            for (long id : ids) {
                ps.setLong(1, id);
                ps.setString(2, "x");
                ps.addBatch();
            }
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(ps::executeBatch);
            assertThat(thrown).isInstanceOf(java.sql.BatchUpdateException.class);
            java.sql.BatchUpdateException e = (java.sql.BatchUpdateException) thrown;
            assertThat(e.getMessage()).startsWith("shard s" + failing + ": ");
            assertThat(e.getSQLState()).startsWith("23");
            long[] counts = e.getLargeUpdateCounts();
            assertThat(counts).hasSize(ids.length);
            assertThat(counts[6]).as("the duplicate").isEqualTo(Statement.EXECUTE_FAILED);
            for (int i = 0; i < ids.length; i++) {
                assertThat(counts[i]).as("entry " + i).isIn(1L, (long) Statement.EXECUTE_FAILED);
            }
        }
    }

    @Test
    void multiRowInsertsAreSplitPerShard() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?), (?, ?), (?, ?), (?, ?)")) {
            for (int i = 0; i < 4; i++) {
                ps.setLong(2 * i + 1, 500 + i);
                ps.setString(2 * i + 2, "m" + i);
            }
            assertThat(ps.executeUpdate()).isEqualTo(4);
        }
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            for (long id : shards.ids(i, "item")) {
                assertThat(shardOf(id)).isEqualTo(i);
                total++;
            }
        }
        assertThat(total).isEqualTo(4);
    }

    @Test
    void broadcastWritesReachEveryShardAndCountOnce() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO country (code, name) VALUES ('DE', 'Germany')")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT name FROM country WHERE code = 'DE'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Germany");
                assertThat(rs.next()).isFalse();
            }
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO country (code, name) VALUES (?, ?)")) {
            // a stream is read once, yet every shard must get the whole value
            ps.setString(1, "FR");
            ps.setCharacterStream(2, new java.io.StringReader("France"));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        for (int i = 0; i < shards.size(); i++) {
            assertThat(shards.count(i, "SELECT COUNT(*) FROM country")).as("s" + i).isEqualTo(2);
            assertThat(shards.count(i, "SELECT COUNT(*) FROM country WHERE name = 'France'")).as("s" + i).isEqualTo(1);
        }
    }

    @Test
    void scatterWritesSumTheirCounts() throws SQLException {
        insert(1, 40);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE item SET name = 'all'")).isEqualTo(40);
        }
    }

    @Test
    void generatedKeysOfASplitInsertComeFromEveryShard() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ev (k) VALUES (?), (?), (?), (?), (?), (?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 1; i <= 6; i++) ps.setInt(i, i * 7);
            RoutePlan plan = c.unwrap(io.shardjdbc.jdbc.ShardConnection.class)
                    .explain("INSERT INTO ev (k) VALUES (?), (?), (?), (?), (?), (?)", 7, 14, 21, 28, 35, 42);
            assertThat(plan.units().stream().map(RouteUnit::shard).distinct().count()).isGreaterThan(1);
            assertThat(ps.executeUpdate()).isEqualTo(6);
            int keys = 0;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isPositive();
                    keys++;
                }
            }
            assertThat(keys).isEqualTo(6);
        }
    }

    private void insert(long from, long to) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long id = from; id <= to; id++) {
                ps.setLong(1, id);
                ps.setString(2, "item-" + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
