package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Writes through the driver: batches and multi-row INSERTs are split per shard and every row lands
 * on its shard; update counts add up; broadcast writes reach every shard; generated keys come back;
 * DDL on a logical table reaches every shard. Each test uses its own key range.
 */
abstract class WritesContract extends ShardContract {

    WritesContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "write";
    }

    private void assertCustomersWhereRouted(long from, long to) throws Exception {
        Map<Object, Integer> where = locate("customers", "customer_id");
        List<String> wrong = new ArrayList<>();
        for (long id = from; id < to; id++) {
            int expected = shardOf("SELECT name FROM customers WHERE customer_id = ?", id);
            if (!Integer.valueOf(expected).equals(where.get(id))) wrong.add(id + " on " + where.get(id) + ", routed to s" + expected);
        }
        assertThat(wrong).as("customers %d..%d off their shard", from, to - 1).isEmpty();
    }

    @Test
    void preparedBatchesAreSplitPerShardAndLandOnTheirShards() throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)")) {
            for (long id = 100_000; id < 100_400; id++) {
                ps.setLong(1, id);
                ps.setString(2, "batch-" + id);
                ps.setInt(3, 1);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(400);
            for (int n : counts) assertThat(n).isIn(1, Statement.SUCCESS_NO_INFO);
        }
        assertCustomersWhereRouted(100_000, 100_400);
        Set<Integer> shardsUsed = new HashSet<>();
        locate("customers", "customer_id").forEach((id, s) -> {
            if ((Long) id >= 100_000 && (Long) id < 100_400) shardsUsed.add(s);
        });
        assertThat(shardsUsed).as("400 keys reach every shard").containsExactlyInAnyOrder(0, 1, 2, 3);

        // a batch of updates by key changes exactly those rows
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE customers SET tier = ? WHERE customer_id = ?")) {
            for (long id = 100_000; id < 100_400; id += 2) {
                ps.setInt(1, 9);
                ps.setLong(2, id);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(200);
            for (int n : counts) assertThat(n).isIn(1, Statement.SUCCESS_NO_INFO);
        }
        long nines = 0;
        for (int s = 0; s < dbs.size(); s++) {
            nines += directLong(s, "SELECT COUNT(*) FROM customers WHERE tier = 9 AND customer_id BETWEEN 100000 AND 100399");
        }
        assertThat(nines).isEqualTo(200);
    }

    @Test
    void statementBatchesOfLiteralSqlLandOnTheirShards() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (long id = 110_000; id < 110_040; id++) {
                st.addBatch("INSERT INTO customers (customer_id, name, tier) VALUES (" + id + ", 'literal-" + id + "', 2)");
            }
            st.addBatch("DELETE FROM customers WHERE customer_id = 110000");
            int[] counts = st.executeBatch();
            assertThat(counts).hasSize(41);
            for (int n : counts) assertThat(n).isIn(1, Statement.SUCCESS_NO_INFO);
        }
        assertCustomersWhereRouted(110_001, 110_040);
        assertThat(locate("customers", "customer_id")).doesNotContainKey(110_000L);
    }

    @Test
    void multiRowInsertsAreSplitPerShard() throws Exception {
        List<String> rows = new ArrayList<>();
        for (long id = 120_000; id < 120_012; id++) rows.add("(" + id + ", 'multi-" + id + "', 3)");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String sql = "INSERT INTO customers (customer_id, name, tier) VALUES " + String.join(", ", rows);
            assertThat(shardsOf(sql).size()).as("12 keys touch several shards").isGreaterThan(1);
            assertThat(st.executeUpdate(sql)).as("update count of the whole statement").isEqualTo(12);
        }
        assertCustomersWhereRouted(120_000, 120_012);
        for (int s = 0; s < dbs.size(); s++) {
            for (List<Object> row : directRows(s, "SELECT customer_id, name FROM customers WHERE customer_id BETWEEN 120000 AND 120011")) {
                assertThat(row.get(1)).isEqualTo("multi-" + row.get(0));
            }
        }

        // parameters, into the mod table and the range table
        try (Connection c = ds.getConnection();
             PreparedStatement sb = c.prepareStatement("INSERT INTO sbtest (id, k, c) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)");
             PreparedStatement rd = c.prepareStatement("INSERT INTO readings (reading_no, val) VALUES (?, ?), (?, ?), (?, ?)")) {
            int p = 1;
            for (long id = 500; id < 505; id++) {
                sb.setLong(p++, id);
                sb.setInt(p++, 1);
                sb.setString(p++, "m" + id);
            }
            assertThat(sb.executeUpdate()).isEqualTo(5);
            long[] nos = {10, 4999, 8000};
            p = 1;
            for (long no : nos) {
                rd.setLong(p++, no);
                rd.setInt(p++, 7);
            }
            assertThat(rd.executeUpdate()).isEqualTo(3);
        }
        for (long id = 500; id < 505; id++) {
            assertThat(directColumn((int) (id % 4), "SELECT c FROM sbtest WHERE id = ?", id)).containsExactly("m" + id);
        }
        assertThat(locate("readings", "reading_no")).containsEntry(10L, 0).containsEntry(4999L, 1).containsEntry(8000L, 3).hasSize(3);

        // date literals as strings, routed by the date range
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO events (event_id, created_at, label) VALUES "
                    + "(1, '2024-01-15', 'a'), (2, '2024-05-15', 'b'), (3, '2024-12-31', 'c'), (4, '2025-01-01', 'd')")).isEqualTo(4);
        }
        assertThat(locate("events", "event_id")).containsEntry(1L, 0).containsEntry(2L, 1).containsEntry(3L, 2).containsEntry(4L, 3);
    }

    @Test
    void broadcastWritesReachEveryShard() throws Exception {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
                ps.setString(1, "DE");
                ps.setString(2, "Germany");
                assertThat(ps.executeUpdate()).as("a broadcast insert counts its row once").isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE countries SET name = ? WHERE code = ?")) {
                ps.setString(1, "Deutschland");
                ps.setString(2, "DE");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directRows(s, "SELECT code, name FROM countries WHERE code = 'DE'")).as("s%d", s)
                    .containsExactly(List.of("DE", "Deutschland"));
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM countries WHERE code = 'DE'")).isEqualTo(1);
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directRows(s, "SELECT code FROM countries WHERE code = 'DE'")).as("s%d", s).isEmpty();
        }
    }

    @Test
    void updatesAndDeletesByKeyTouchOnlyTheirRow() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO customers (customer_id, name, tier) VALUES (130000, 'a', 0), (130001, 'b', 0)")).isEqualTo(2);
            assertThat(st.executeUpdate("UPDATE customers SET name = 'a2' WHERE customer_id = 130000")).isEqualTo(1);
            assertThat(st.executeUpdate("UPDATE customers SET name = 'none' WHERE customer_id = 139999")).isEqualTo(0);
            assertThat(st.executeUpdate("DELETE FROM customers WHERE customer_id = 130001")).isEqualTo(1);
        }
        Map<Object, Integer> where = locate("customers", "customer_id");
        assertThat(where).containsKey(130000L).doesNotContainKey(130001L);
        assertThat(directColumn(where.get(130000L), "SELECT name FROM customers WHERE customer_id = 130000")).containsExactly("a2");
    }

    @Test
    void upsertsInTheDatabasesOwnDialectLandOnTheirShards() throws Exception {
        String upsert = "INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?) "
                + (isPostgres() ? "ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name"
                                : "ON DUPLICATE KEY UPDATE name = VALUES(name)");
        long[] ids = {140_000, 140_001, 140_002, 140_003};
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
            for (String name : List.of("first", "second")) {
                int p = 1;
                for (long id : ids) {
                    ps.setLong(p++, id);
                    ps.setString(p++, name + "-" + id);
                    ps.setInt(p++, 4);
                }
                ps.executeUpdate();
            }
        }
        Map<Object, Integer> where = locate("customers", "customer_id");
        for (long id : ids) {
            int shard = shardOf("SELECT name FROM customers WHERE customer_id = ?", id);
            assertThat(where.get(id)).as("customer %d", id).isEqualTo(shard);
            assertThat(directColumn(shard, "SELECT name FROM customers WHERE customer_id = ?", id)).containsExactly("second-" + id);
        }
    }

    @Test
    void generatedKeysComeBackFromTheDefaultShard() throws Exception {
        List<Long> keys = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (note) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (String note : List.of("one", "two")) {
                    ps.setString(1, note);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        assertThat(rs.next()).as("a generated key for %s", note).isTrue();
                        keys.add(rs.getLong(1));
                        assertThat(rs.next()).isFalse();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (note) VALUES (?)", new String[] {"id"})) {
                ps.setString(1, "three");
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    assertThat(rs.next()).isTrue();
                    keys.add(rs.getLong(1));
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO audit_log (note) VALUES ('four')", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet rs = st.getGeneratedKeys()) {
                    assertThat(rs.next()).isTrue();
                    keys.add(rs.getLong(1));
                }
            }
            // a batch returns one key per row
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (note) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "batch-" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) keys.add(rs.getLong(1));
                }
            }
        }
        assertThat(keys).hasSize(9).doesNotHaveDuplicates();
        assertThat(keys).isSorted();
        List<String> notes = List.of("one", "two", "three", "four", "batch-0", "batch-1", "batch-2", "batch-3", "batch-4");
        for (int i = 0; i < keys.size(); i++) {
            assertThat(directColumn(0, "SELECT note FROM audit_log WHERE id = ?", keys.get(i))).as("audit_log %d on s0", keys.get(i))
                    .containsExactly(notes.get(i));
        }
    }

    @Test
    void generatedKeysComeBackFromTheShardTheRowWentTo() throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tickets (customer_id, note) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (long customer = 1; customer <= 12; customer++) {
                ps.setLong(1, customer);
                ps.setString(2, "ticket of " + customer);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                long key;
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    assertThat(rs.next()).as("a generated key for customer %d", customer).isTrue();
                    key = rs.getLong(1);
                }
                int shard = shardOf("SELECT note FROM tickets WHERE customer_id = ?", customer);
                assertThat(directRows(shard, "SELECT customer_id, note FROM tickets WHERE ticket_id = ? AND customer_id = ?", key, customer))
                        .as("ticket %d of customer %d on s%d", key, customer, shard)
                        .containsExactly(List.of(customer, "ticket of " + customer));
            }
        }
    }

    @Test
    void ddlOnALogicalTableReachesEveryShard() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, label VARCHAR(20))");
            st.execute("CREATE INDEX probe_label ON probe (label)");
            st.executeUpdate("INSERT INTO probe (id, label) VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w')");
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directLong(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'probe' AND table_schema = "
                    + (isPostgres() ? "'public'" : "DATABASE()"))).as("probe table on s%d", s).isEqualTo(1);
        }
        assertThat(locate("probe", "id")).hasSize(4);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE probe");
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directLong(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'probe' AND table_schema = "
                    + (isPostgres() ? "'public'" : "DATABASE()"))).as("probe table on s%d", s).isZero();
        }
    }
}
