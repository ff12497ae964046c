package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.route.RoutePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * 10,000 rows per sharded table go in through the driver; read back from each shard database
 * directly, every row is on exactly the shard its strategy names and nowhere else. Reads through
 * the driver (point, range, IN, scatter, hints) return exactly the right rows.
 */
abstract class PlacementContract extends ShardContract {
    static final int ROWS = 10_000;
    static final int COUNTRIES = 50;

    PlacementContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "place";
    }

    static String customerName(long id) {
        return "customer-" + id;
    }

    static long orderCustomer(long orderId) {
        return (orderId * 7) % ROWS + 1;
    }

    static String country(int i) {
        return "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
    }

    @Override
    protected void load() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            // hash table and its co-located child: prepared batches
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= ROWS; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, customerName(id));
                    ps.setInt(3, (int) (id % 5));
                    ps.addBatch();
                    if (id % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, customer_id, amount) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= ROWS; id++) {
                    ps.setLong(1, id);
                    ps.setLong(2, orderCustomer(id));
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(id, 2));
                    ps.addBatch();
                    if (id % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            // mod table: multi-row INSERTs with parameters, 100 rows each
            int perStatement = 100;
            String values = String.join(", ", java.util.Collections.nCopies(perStatement, "(?, ?, ?)"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sbtest (id, k, c) VALUES " + values)) {
                for (long first = 1; first <= ROWS; first += perStatement) {
                    int p = 1;
                    for (long id = first; id < first + perStatement; id++) {
                        ps.setLong(p++, id);
                        ps.setInt(p++, (int) (id * 3));
                        ps.setString(p++, "c-" + id);
                    }
                    assertThat(ps.executeUpdate()).isEqualTo(perStatement);
                    if ((first - 1) % 2000 == 0) c.commit();
                }
            }
            // numeric range table: prepared batch, keys 0 .. 9999
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO readings (reading_no, val) VALUES (?, ?)")) {
                for (long no = 0; no < ROWS; no++) {
                    ps.setLong(1, no);
                    ps.setInt(2, (int) (no % 97));
                    ps.addBatch();
                    if ((no + 1) % 1000 == 0) ps.executeBatch();
                }
            }
            // date range table: multi-row INSERTs with literals, as an application writes them
            try (var st = c.createStatement()) {
                for (long first = 1; first <= ROWS; first += perStatement) {
                    List<String> rows = new ArrayList<>();
                    for (long id = first; id < first + perStatement; id++) {
                        rows.add("(" + id + ", '" + Schema.eventDate(id) + "', 'event-" + id + "')");
                    }
                    assertThat(st.executeUpdate("INSERT INTO events (event_id, created_at, label) VALUES " + String.join(", ", rows)))
                            .isEqualTo(perStatement);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            // broadcast table: single statements in autocommit
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
                for (int i = 0; i < COUNTRIES; i++) {
                    ps.setString(1, country(i));
                    ps.setString(2, "country " + i);
                    assertThat(ps.executeUpdate()).as("update count of a broadcast insert").isEqualTo(1);
                }
            }
        }
    }

    // ---- placement, checked in the shard databases themselves -------------------------------

    @Test
    void hashRowsAreOnTheShardTheRouterNamesAndSpreadEvenly() throws Exception {
        Map<Object, Integer> where = locate("customers", "customer_id");
        assertThat(where).hasSize(ROWS);
        List<String> wrong = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            int expected = shardOf("SELECT name FROM customers WHERE customer_id = ?", id);
            int insertRoute = shardOf("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)", id, "x", 1);
            Integer actual = where.get(id);
            if (actual == null || actual != expected || insertRoute != expected) {
                wrong.add(id + ": on " + actual + ", select routes to " + expected + ", insert routes to " + insertRoute);
            }
        }
        assertThat(wrong).as("customers rows off their shard").isEmpty();
        // 1024 buckets spread evenly over 4 shards: each holds about a quarter of 10,000 random-ish keys
        for (int s = 0; s < dbs.size(); s++) {
            int shard = s;
            long n = where.values().stream().filter(v -> v == shard).count();
            assertThat(n).as("customers on s%d", s).isBetween(2100L, 2900L);
        }
    }

    @Test
    void modRowsAreOnIdModShardCount() throws Exception {
        Map<Object, Integer> where = locate("sbtest", "id");
        assertThat(where).hasSize(ROWS);
        List<String> wrong = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            int routed = shardOf("SELECT c FROM sbtest WHERE id = ?", id);
            Integer actual = where.get(id);
            if (actual == null || actual != (int) (id % 4) || routed != (int) (id % 4)) {
                wrong.add(id + ": on " + actual + ", routed to " + routed + ", id % 4 = " + id % 4);
            }
        }
        assertThat(wrong).as("sbtest rows off shard id %% 4").isEmpty();
    }

    @Test
    void numericRangeRowsAreOnTheirRangesShard() throws Exception {
        Map<Object, Integer> where = locate("readings", "reading_no");
        assertThat(where).hasSize(ROWS);
        List<String> wrong = new ArrayList<>();
        for (long no = 0; no < ROWS; no++) {
            int expected = Schema.readingShard(no);
            int routed = shardOf("SELECT val FROM readings WHERE reading_no = ?", no);
            Integer actual = where.get(no);
            if (actual == null || actual != expected || routed != expected) {
                wrong.add(no + ": on " + actual + ", routed to " + routed + ", its range is on s" + expected);
            }
        }
        assertThat(wrong).as("readings off their range's shard").isEmpty();
    }

    @Test
    void dateRangeRowsAreOnTheirRangesShard() throws Exception {
        List<String> wrong = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int s = 0; s < dbs.size(); s++) {
            for (List<Object> row : directRows(s, "SELECT event_id, created_at FROM events")) {
                long id = (Long) row.get(0);
                LocalDate date = (LocalDate) row.get(1);
                assertThat(seen.add(id)).as("event %d on more than one shard", id).isTrue();
                assertThat(date).isEqualTo(Schema.eventDate(id));
                if (Schema.eventShard(date) != s) wrong.add(id + " (" + date + ") on s" + s + ", its range is on s" + Schema.eventShard(date));
            }
        }
        assertThat(seen).hasSize(ROWS);
        assertThat(wrong).as("events off their range's shard").isEmpty();
        for (long id = 1; id <= 500; id++) {
            LocalDate d = Schema.eventDate(id);
            assertThat(shardOf("SELECT label FROM events WHERE created_at = ?", d)).as("route of %s", d).isEqualTo(Schema.eventShard(d));
            assertThat(shardOf("SELECT label FROM events WHERE created_at = ?", java.sql.Date.valueOf(d)))
                    .as("route of java.sql.Date %s", d).isEqualTo(Schema.eventShard(d));
        }
    }

    @Test
    void broadcastRowsAreOnEveryShardAndReadOnce() throws Exception {
        Set<Object> expected = LongStream.range(0, COUNTRIES).mapToObj(i -> (Object) country((int) i)).collect(Collectors.toSet());
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(new HashSet<>(directColumn(s, "SELECT code FROM countries"))).as("countries on s%d", s).isEqualTo(expected);
            assertThat(directColumn(s, "SELECT code FROM countries")).hasSize(COUNTRIES);
        }
        assertThat(shardsOf("SELECT code, name FROM countries")).as("a broadcast read goes to one shard").hasSize(1);
        assertThat(shardsOf("INSERT INTO countries (code, name) VALUES (?, ?)", "ZZ", "z"))
                .as("a broadcast write goes to every shard").containsExactly("s0", "s1", "s2", "s3");
        try (Connection c = ds.getConnection()) {
            assertThat(new HashSet<>(queryColumn(c, "SELECT code FROM countries"))).isEqualTo(expected);
            assertThat(queryColumn(c, "SELECT code FROM countries")).hasSize(COUNTRIES);
            assertThat(query(c, "SELECT name FROM countries WHERE code = ?", country(7))).containsExactly(List.of("country 7"));
        }
    }

    @Test
    void colocatedChildRowsAreBesideTheirParent() throws Exception {
        Map<Object, Integer> customers = locate("customers", "customer_id");
        List<String> wrong = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int s = 0; s < dbs.size(); s++) {
            for (List<Object> row : directRows(s, "SELECT order_id, customer_id FROM orders")) {
                long orderId = (Long) row.get(0);
                long customerId = (Long) row.get(1);
                assertThat(seen.add(orderId)).as("order %d on more than one shard", orderId).isTrue();
                Integer parent = customers.get(customerId);
                if (parent == null || parent != s) wrong.add("order " + orderId + " on s" + s + ", its customer " + customerId + " on s" + parent);
            }
        }
        assertThat(seen).hasSize(ROWS);
        assertThat(wrong).as("orders away from their customer").isEmpty();
        for (long cid = 1; cid <= ROWS; cid += 37) {
            assertThat(shardOf("SELECT order_id FROM orders WHERE customer_id = ?", cid)).isEqualTo(customers.get(cid));
        }
    }

    // ---- reads through the driver ---------------------------------------------------------

    @Test
    void pointReadsReturnEveryRow() throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement customer = c.prepareStatement("SELECT customer_id, name, tier FROM customers WHERE customer_id = ?");
             PreparedStatement sb = c.prepareStatement("SELECT c FROM sbtest WHERE id = ?");
             PreparedStatement reading = c.prepareStatement("SELECT val FROM readings WHERE reading_no = ?");
             PreparedStatement event = c.prepareStatement("SELECT event_id, created_at FROM events WHERE event_id = ? AND created_at = ?")) {
            for (long id = 1; id <= ROWS; id++) {
                customer.setLong(1, id);
                try (var rs = customer.executeQuery()) {
                    assertThat(rs.next()).as("customer %d", id).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(id);
                    assertThat(rs.getString("name")).isEqualTo(customerName(id));
                    assertThat(rs.getInt(3)).isEqualTo((int) (id % 5));
                    assertThat(rs.next()).isFalse();
                }
            }
            for (long id = 1; id <= ROWS; id += 7) {
                sb.setLong(1, id);
                try (var rs = sb.executeQuery()) {
                    assertThat(rs.next()).as("sbtest %d", id).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("c-" + id);
                    assertThat(rs.next()).isFalse();
                }
                reading.setLong(1, id);
                try (var rs = reading.executeQuery()) {
                    assertThat(rs.next()).as("reading %d", id).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo((int) (id % 97));
                }
                event.setLong(1, id);
                event.setObject(2, Schema.eventDate(id));
                try (var rs = event.executeQuery()) {
                    assertThat(rs.next()).as("event %d", id).isTrue();
                    assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(Schema.eventDate(id));
                }
            }
            // a point read of a key that is not there is empty, not an error
            customer.setLong(1, ROWS + 1);
            try (var rs = customer.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
        }
        String sql = "SELECT name FROM customers WHERE customer_id = ?";
        RoutePlan plan = ds.explain(sql, 42L);
        assertThat(plan.units()).hasSize(1);
        assertThat(plan.units().get(0).sql()).as("a point query needs no rewrite").isEqualTo(sql);
    }

    @Test
    void rangeQueriesReturnExactlyTheRowsInRange() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(sortedLongs(queryColumn(c, "SELECT reading_no FROM readings WHERE reading_no BETWEEN ? AND ?", 2400, 2600)))
                    .isEqualTo(range(2400, 2601));
            assertThat(shardsOf("SELECT reading_no FROM readings WHERE reading_no BETWEEN ? AND ?", 2400, 2600)).containsExactly("s0", "s1");

            assertThat(sortedLongs(queryColumn(c, "SELECT reading_no FROM readings WHERE reading_no < ?", 100))).isEqualTo(range(0, 100));
            assertThat(shardsOf("SELECT reading_no FROM readings WHERE reading_no < ?", 100)).containsExactly("s0");

            assertThat(sortedLongs(queryColumn(c, "SELECT reading_no FROM readings WHERE reading_no >= ?", 7400))).isEqualTo(range(7400, ROWS));
            assertThat(shardsOf("SELECT reading_no FROM readings WHERE reading_no >= ?", 7400)).containsExactly("s2", "s3");

            assertThat(sortedLongs(queryColumn(c, "SELECT reading_no FROM readings WHERE reading_no >= 5000 AND reading_no < 5010")))
                    .isEqualTo(range(5000, 5010));
            assertThat(shardsOf("SELECT reading_no FROM readings WHERE reading_no >= 5000 AND reading_no < 5010")).containsExactly("s2");

            LocalDate from = LocalDate.parse("2024-06-20"), to = LocalDate.parse("2024-07-10");
            List<Long> expected = new ArrayList<>();
            for (long id = 1; id <= ROWS; id++) {
                LocalDate d = Schema.eventDate(id);
                if (!d.isBefore(from) && !d.isAfter(to)) expected.add(id);
            }
            assertThat(sortedLongs(queryColumn(c, "SELECT event_id FROM events WHERE created_at BETWEEN ? AND ?", from, to)))
                    .isEqualTo(expected);
            assertThat(shardsOf("SELECT event_id FROM events WHERE created_at BETWEEN ? AND ?", from, to)).containsExactly("s1", "s2");
            assertThat(shardsOf("SELECT event_id FROM events WHERE created_at >= '2025-02-01'")).containsExactly("s3");
        }
    }

    @Test
    void inListsAndOrReturnExactlyTheListedRows() throws Exception {
        Map<Object, Integer> where = locate("customers", "customer_id");
        // ids on every shard, plus one that does not exist
        List<Long> ids = List.of(3L, 17L, 256L, 1024L, 4099L, 7777L, 9999L, ROWS + 5L);
        TreeSet<String> shardsOfIds = new TreeSet<>();
        for (Long id : ids) if (where.containsKey(id)) shardsOfIds.add(name(where.get(id)));
        String in = "SELECT customer_id, name FROM customers WHERE customer_id IN (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = ds.getConnection()) {
            List<List<Object>> rows = query(c, in, ids.toArray());
            assertThat(rows).containsExactlyInAnyOrderElementsOf(
                    ids.stream().filter(id -> id <= ROWS).map(id -> List.<Object>of(id, customerName(id))).toList());
            assertThat(shardsOf(in, ids.toArray())).isEqualTo(shardsOfIds);

            String literal = "SELECT customer_id FROM customers WHERE customer_id IN (3, 17, 256)";
            assertThat(sortedLongs(queryColumn(c, literal))).containsExactly(3L, 17L, 256L);
            assertThat(shardsOf(literal)).isEqualTo(new TreeSet<>(List.of(name(where.get(3L)), name(where.get(17L)), name(where.get(256L)))));

            String or = "SELECT customer_id FROM customers WHERE customer_id = ? OR customer_id = ?";
            assertThat(sortedLongs(queryColumn(c, or, 5L, 6000L))).containsExactly(5L, 6000L);
            assertThat(shardsOf(or, 5L, 6000L)).isEqualTo(new TreeSet<>(List.of(name(where.get(5L)), name(where.get(6000L)))));

            String modIn = "SELECT id FROM sbtest WHERE id IN (?, ?, ?)";
            assertThat(sortedLongs(queryColumn(c, modIn, 4L, 8L, 12L))).containsExactly(4L, 8L, 12L);
            assertThat(shardsOf(modIn, 4L, 8L, 12L)).containsExactly("s0");
        }
    }

    @Test
    void statementsWithoutTheKeyGoToEveryShardAndConcatenate() throws Exception {
        String sql = "SELECT customer_id FROM customers WHERE tier = ?";
        assertThat(shardsOf(sql, 3)).containsExactly("s0", "s1", "s2", "s3");
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) if (id % 5 == 3) expected.add(id);
        try (Connection c = ds.getConnection()) {
            assertThat(sortedLongs(queryColumn(c, sql, 3))).isEqualTo(expected);
        }
        // the result set's metadata stays usable on every row, across the shards' results (as
        // frameworks such as Spring's row mappers ask for it per row) and after the last row
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 3);
            List<Long> seen = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
                    assertThat(rs.getMetaData().getColumnLabel(1)).isEqualToIgnoringCase("customer_id");
                    seen.add(rs.getLong(1));
                }
                assertThat(rs.getMetaData().getColumnCount()).as("metadata after the last row").isEqualTo(1);
            }
            assertThat(seen.stream().sorted().toList()).isEqualTo(expected);
        }
    }

    @Test
    void joinsOnTheColocationKeyRunInsideOneShard() throws Exception {
        String sql = "SELECT c.name, o.order_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE c.customer_id = ?";
        long customer = orderCustomer(1234);
        assertThat(shardsOf(sql, customer)).hasSize(1);
        List<Object> expectedOrders = new ArrayList<>();
        for (long o = 1; o <= ROWS; o++) if (orderCustomer(o) == customer) expectedOrders.add(o);
        try (Connection c = ds.getConnection()) {
            List<List<Object>> rows = query(c, sql, customer);
            assertThat(rows).extracting(r -> r.get(0)).containsOnly(customerName(customer));
            assertThat(rows).extracting(r -> r.get(1)).containsExactlyInAnyOrderElementsOf(expectedOrders);
        }
    }

    @Test
    void shardHintsRouteExplicitly() throws Exception {
        List<Long> onS2 = sortedLongs(directColumn(2, "SELECT customer_id FROM customers"));
        List<Long> onS1 = sortedLongs(directColumn(1, "SELECT customer_id FROM customers"));
        try (Connection c = ds.getConnection()) {
            assertThat(sortedLongs(queryColumn(c, "/* shard: s2 */ SELECT customer_id FROM customers"))).isEqualTo(onS2);
            c.unwrap(ShardConnection.class).setShardHint("s1");
            assertThat(sortedLongs(queryColumn(c, "SELECT customer_id FROM customers"))).isEqualTo(onS1);
            c.unwrap(ShardConnection.class).clearShardHint();
            assertThat(queryColumn(c, "SELECT customer_id FROM customers")).hasSize(ROWS);
        }
    }

    @Test
    void hintsRunStatementsTheParserCannotRead() throws Exception {
        // valid for the database, not readable by the router's parser
        String sql = isPostgres()
                ? "SELECT customer_id FROM customers WHERE name ^@ 'customer-1'"
                : "SELECT customer_id FROM customers WHERE name SOUNDS LIKE 'customer-1'";
        List<Long> onS2 = sortedLongs(directColumn(2, sql));
        List<Long> onS3 = sortedLongs(directColumn(3, sql));
        assertThat(onS2).isNotEmpty();
        try (Connection c = ds.getConnection()) {
            assertThat(sortedLongs(queryColumn(c, "/* shard: s2 */ " + sql))).isEqualTo(onS2);
            c.unwrap(ShardConnection.class).setShardHint("s3");
            assertThat(sortedLongs(queryColumn(c, sql))).isEqualTo(onS3);
            c.unwrap(ShardConnection.class).clearShardHint();
            java.sql.SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.sql.SQLException.class, () -> queryColumn(c, sql));
            assertThat((Throwable) e).as("without a hint").isNotNull();
            assertThat(e.getSQLState()).startsWith("42");
        }
    }

    @Test
    void inListsSendEachShardOnlyItsOwnValues() throws Exception {
        Object[] ids = {3L, 17L, 256L, 1024L, 4099L, 7777L, 9999L, 42L};
        RoutePlan plan = ds.explain("SELECT name FROM customers WHERE customer_id IN (?, ?, ?, ?, ?, ?, ?, ?)", ids);
        List<String> wrong = new ArrayList<>();
        java.util.Set<Object> sent = new java.util.HashSet<>();
        for (var unit : plan.units()) {
            // the IN list keeps its text on every shard (so prepared statements are reused); its markers
            // are bound to that shard's own values only (repeated where the other shards' values stood)
            for (int p = 1; p <= unit.parameterCount(ids.length); p++) {
                Object value = ids[unit.logicalIndex(p) - 1];
                sent.add(value);
                int home = shardOf("SELECT name FROM customers WHERE customer_id = ?", value);
                if (home != index(unit.shardName())) wrong.add(value + " sent to " + unit.shardName() + ", lives on s" + home);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(sent).as("every value sent to its shard").containsExactlyInAnyOrder(ids);
    }

    @Test
    void equalKeysOfDifferentJavaTypesRouteAlike() throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT name FROM customers WHERE customer_id = ?")) {
            for (long id = 1; id <= ROWS; id += 101) {
                int shard = shardOf("SELECT name FROM customers WHERE customer_id = ?", id);
                assertThat(shardOf("SELECT name FROM customers WHERE customer_id = ?", (int) id)).as("Integer %d", id).isEqualTo(shard);
                assertThat(shardOf("SELECT name FROM customers WHERE customer_id = ?", String.valueOf(id))).as("\"%d\"", id).isEqualTo(shard);
                assertThat(shardOf("SELECT name FROM customers WHERE customer_id = ?", java.math.BigDecimal.valueOf(id))).as("BigDecimal %d", id)
                        .isEqualTo(shard);
                assertThat(shardOf("SELECT name FROM customers WHERE customer_id = " + id)).as("literal %d", id).isEqualTo(shard);
                ps.setInt(1, (int) id);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("customer %d read by setInt", id).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(customerName(id));
                }
                ps.setBigDecimal(1, java.math.BigDecimal.valueOf(id));
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("customer %d read by setBigDecimal", id).isTrue();
                }
            }
        }
    }

    @Test
    void maxRowsAndFetchSizeHoldAcrossShards() throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customers WHERE tier = ?")) {
            ps.setInt(1, 1);
            ps.setMaxRows(10);
            try (var rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) n++;
                assertThat(n).as("rows under setMaxRows(10) of a scatter query").isEqualTo(10);
            }
        }
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            st.setFetchSize(100);
            Set<Long> seen = new HashSet<>();
            try (var rs = st.executeQuery("SELECT customer_id FROM customers")) {
                while (rs.next()) seen.add(rs.getLong(1));
            }
            c.commit();
            assertThat(seen).hasSize(ROWS);
        }
    }

    static List<Long> sortedLongs(List<Object> values) {
        return values.stream().map(v -> ((Number) v).longValue()).sorted().toList();
    }

    static List<Long> range(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().toList();
    }
}
