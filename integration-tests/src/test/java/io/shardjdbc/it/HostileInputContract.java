package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Input meant to break the SQL front end is refused before anything reaches a shard, with an
 * SQLState, and the connection stays usable: a NUL character in the text, a shard hint that would
 * move or misplace a row, a hinted text with a second statement, a malformed hint.
 */
abstract class HostileInputContract extends ShardContract {

    HostileInputContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "hostile";
    }

    @Override
    protected String databasePrefix() {
        return ShardDatabases.PREFIX + "guard_" + kind.tag() + "_hostile";
    }

    @Override
    protected String configBody() {
        return Schema.TABLES + "  guard_kv: { key: id, strategy: hash, key-type: integer }\n"
                + "  guard_code: { key: code, strategy: hash }\n";
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach("CREATE TABLE guard_kv (id BIGINT PRIMARY KEY, v VARCHAR(16))",
                "CREATE TABLE guard_code (code VARCHAR(16) PRIMARY KEY, v VARCHAR(16))");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (long id = 1; id <= 20; id++) {
                st.executeUpdate("INSERT INTO customers (customer_id, name, tier) VALUES (" + id + ", 'h" + id + "', 1)");
            }
        }
    }

    private static SQLException refused(Connection c, String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        assertThat((Throwable) e).as("refusal of %s", sql.replace('\0', '@')).isNotNull();
        return e;
    }

    private void assertUsable(Connection c) throws SQLException {
        assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", 2L)).containsExactly("h2");
    }

    private long customersEverywhere() throws SQLException {
        long n = 0;
        for (int s = 0; s < dbs.size(); s++) n += directLong(s, "SELECT COUNT(*) FROM customers");
        return n;
    }

    @Test
    void aNulCharacterInTheTextIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (Connection c = ds.getConnection()) {
            for (String sql : new String[] {"SELECT name FROM customers WHERE name = 'a\0b'",
                    "/* shard: s1 */ SELECT '\0'", "UPDATE customers SET name = 'x\0' WHERE customer_id = 3"}) {
                SQLException e = refused(c, sql);
                assertThat(e.getSQLState()).isEqualTo("22021");
                assertUsable(c);
            }
            c.setAutoCommit(false);
            assertThat(refused(c, "SELECT 1\0").getSQLState()).isEqualTo("22021");
            assertUsable(c);
            c.rollback();
        }
        assertThat(directColumn(shardOf("SELECT 1 FROM customers WHERE customer_id = ?", 3L),
                "SELECT name FROM customers WHERE customer_id = 3")).containsExactly("h3");
    }

    @Test
    void aHintedUpdateOfTheShardKeyIsRefusedAndTheRowStays() throws Exception {
        int home = shardOf("SELECT 1 FROM customers WHERE customer_id = ?", 3L);
        try (Connection c = ds.getConnection()) {
            SQLException e = refused(c, "/* shard: " + name(home) + " */ UPDATE customers SET customer_id = 77777777 WHERE customer_id = 3");
            assertThat(e.getSQLState()).isEqualTo("0AS01");
            assertThat(e.getMessage()).contains("customer_id");
            c.unwrap(io.shardjdbc.jdbc.ShardConnection.class).setShardHint(name(home));
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET customer_id = ? WHERE customer_id = ?")) {
                ps.setLong(1, 77777777L);
                ps.setLong(2, 3L);
                assertThat(catchThrowableOfType(SQLException.class, ps::executeUpdate).getSQLState()).isEqualTo("0AS01");
            }
        }
        assertThat(directColumn(home, "SELECT customer_id FROM customers WHERE customer_id IN (3, 77777777)")).containsExactly(3L);
    }

    @Test
    void aHintedInsertGoesOnlyToTheShardItsKeyPlacesItOn() throws Exception {
        long key = 1001;
        int home = shardOf("SELECT 1 FROM customers WHERE customer_id = ?", key);
        int other = (home + 1) % dbs.size();
        try (Connection c = ds.getConnection()) {
            SQLException e = refused(c, "/* shard: " + name(other) + " */ INSERT INTO customers (customer_id, name, tier) VALUES (1001, 'x', 1)");
            assertThat(e.getSQLState()).isEqualTo("0AS01");
            assertThat(e.getMessage()).contains("belongs on " + name(home));
            try (Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("/* shard: " + name(home) + " */ INSERT INTO customers (customer_id, name, tier) "
                        + "VALUES (1001, 'x', 1)")).isEqualTo(1);
            }
        }
        assertThat(locate("customers", "customer_id")).containsEntry(1001L, home);
    }

    @Test
    void aHintedInsertNamingTheRowsShardAndAnotherIsRefusedAndNoCopyIsStored() throws Exception {
        long key = 188;
        int home = shardOf("SELECT 1 FROM customers WHERE customer_id = ?", key);
        int other = (home + 1) % dbs.size();
        long before = customersEverywhere();
        try (Connection c = ds.getConnection()) {
            // the text runs unchanged on each hinted shard: the row would be stored on both
            SQLException e = refused(c, "INSERT INTO customers (customer_id, name, tier) VALUES (188, 'u', 1) /* shard: "
                    + name(home) + ", " + name(other) + " */");
            assertThat(e.getSQLState()).isEqualTo("0AS01");
            assertThat(e.getMessage()).contains("customers").contains(name(other)).contains("one shard");
            assertUsable(c);
        }
        assertThat(customersEverywhere()).isEqualTo(before);
    }

    @Test
    void aHintedTextWithTwoStatementsIsRefusedAndNeitherRuns() throws Exception {
        long before = customersEverywhere();
        try (Connection c = ds.getConnection()) {
            for (String sql : new String[] {"/* shard: s0 */ SELECT 1; DELETE FROM customers",
                    "SELECT 1; DELETE FROM customers", "/* shard: s1 */ DELETE FROM customers WHERE customer_id = 0; DELETE FROM customers"}) {
                SQLException e = refused(c, sql);
                assertThat(e.getSQLState()).isEqualTo("42601");
                assertThat(e.getMessage()).contains("more than one statement");
                assertUsable(c);
            }
        }
        assertThat(customersEverywhere()).isEqualTo(before);
    }

    @Test
    void aMalformedHintIsRefusedWithAClearMessage() throws Exception {
        try (Connection c = ds.getConnection()) {
            for (String hint : new String[] {"/* shard: */", "/* shard: s1/s2 */", "/* shard: nosuch */"}) {
                SQLException e = refused(c, hint + " DELETE FROM customers WHERE tier = 99");
                assertThat(e.getSQLState()).as(hint).startsWith("42");
                assertThat(e.getMessage()).as(hint).containsAnyOf("shard hint", "unknown shard");
                assertUsable(c);
            }
        }
    }

    @Test
    void seventyThousandKeyMarkersRunBecauseEachShardReceivesOnlyItsOwn() throws Exception {
        int n = 70_000;
        StringBuilder sql = new StringBuilder("SELECT customer_id FROM customers WHERE customer_id IN (");
        for (int i = 0; i < n; i++) sql.append(i == 0 ? "?" : ",?");
        sql.append(") ORDER BY customer_id");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < n; i++) ps.setLong(i + 1, i + 1);
            List<Object> ids = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            assertThat(ids).hasSize(20).startsWith(1L, 2L).endsWith(20L);
        }
    }

    @Test
    void aLongOrChainTheDatabaseAcceptsRuns() throws Exception {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM customers WHERE ");
        for (int i = 0; i < 4357; i++) sql.append(i == 0 ? "" : " OR ").append("customer_id = ").append(i * 5);
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, sql.toString())).containsExactly(4L); // 5, 10, 15, 20
        }
    }

    @Test
    void deepNestingIsRefusedWithWhyAndTheConnectionStaysUsable() throws Exception {
        StringBuilder sql = new StringBuilder("SELECT name FROM customers WHERE customer_id IN (");
        for (int i = 0; i < 500; i++) sql.append("SELECT customer_id FROM orders WHERE customer_id IN (");
        sql.append("1").append(")".repeat(501));
        try (Connection c = ds.getConnection()) {
            SQLException e = refused(c, sql.toString());
            assertThat(e.getSQLState()).isEqualTo("54001");
            assertThat(e.getMessage()).contains("nest");
            assertUsable(c);
        }
    }

    // ---- key values the column would convert -------------------------------------------------

    private SQLException refusedPrepared(Connection c, String sql, Object... params) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                ps.execute();
            }
        });
        assertThat((Throwable) e).as("refusal of %s %s", sql, List.of(params)).isNotNull();
        return e;
    }

    @Test
    void aFractionalKeyIsRefusedWithClass22AndNoRowIsWritten() throws Exception {
        try (Connection c = ds.getConnection()) {
            for (String sql : new String[] {"INSERT INTO customers (customer_id, name, tier) VALUES (3001.5, 'f', 1)",
                    "INSERT INTO customers (customer_id, name, tier) VALUES (3002, 'f', 1), (3003.5, 'f', 1)",
                    "UPDATE customers SET name = 'f' WHERE customer_id = 2.5",
                    "INSERT INTO guard_kv (id, v) VALUES (3004.5, 'f')"}) {
                SQLException e = refused(c, sql);
                assertThat(e.getSQLState()).as(sql).startsWith("22");
                assertThat(e.getMessage()).as(sql).contains("fraction");
                assertUsable(c);
            }
            assertThat(refusedPrepared(c, "INSERT INTO customers (customer_id, name, tier) VALUES (?, 'f', 1)",
                    new java.math.BigDecimal("3005.5")).getSQLState()).startsWith("22");
            assertThat(refusedPrepared(c, "INSERT INTO customers (customer_id, name, tier) VALUES (?, 'f', 1)", 3006.5d)
                    .getSQLState()).startsWith("22");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, 'f', 1)")) {
                ps.setLong(1, 3007L);
                ps.addBatch();
                ps.setBigDecimal(1, new java.math.BigDecimal("3008.5"));
                ps.addBatch();
                SQLException e = catchThrowableOfType(SQLException.class, ps::executeBatch);
                assertThat(e.getSQLState()).startsWith("22");
            }
        }
        Map<Object, Integer> where = locate("customers", "customer_id");
        for (long k = 3001; k <= 3009; k++) assertThat(where).as("key %d", k).doesNotContainKey(k);
        assertThat(locate("guard_kv", "id")).doesNotContainKeys(3004L, 3005L);
    }

    @Test
    void aKeyValueThatConvertsExactlyIsRoutedByTheValueStored() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO customers (customer_id, name, tier) VALUES (4001.0, 'w', 1)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, 'w', 1)")) {
                ps.setBigDecimal(1, new java.math.BigDecimal("4002.000"));
                ps.executeUpdate();
            }
            st.executeUpdate("INSERT INTO guard_kv (id, v) VALUES (' 0405', 'w')"); // an integer key column stores 405
            assertThat(queryColumn(c, "SELECT v FROM guard_kv WHERE id = ?", 405L)).containsExactly("w");
        }
        Map<Object, Integer> where = locate("customers", "customer_id");
        assertThat(where.get(4001L)).isEqualTo(shardOf("SELECT 1 FROM customers WHERE customer_id = ?", 4001L));
        assertThat(where.get(4002L)).isEqualTo(shardOf("SELECT 1 FROM customers WHERE customer_id = ?", 4002L));
        assertThat(locate("guard_kv", "id").get(405L)).isEqualTo(shardOf("SELECT 1 FROM guard_kv WHERE id = ?", 405L));
    }

    @Test
    void aStringThatIsNoNumberForAnIntegerKeyIsClass22() throws Exception {
        try (Connection c = ds.getConnection()) {
            for (String sql : new String[] {"SELECT v FROM guard_kv WHERE id = ?", "INSERT INTO guard_kv (id, v) VALUES (?, 'x')",
                    "UPDATE guard_kv SET v = 'y' WHERE id = ?", "DELETE FROM guard_kv WHERE id = ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "abc");
                    SQLException e = catchThrowableOfType(SQLException.class, ps::execute);
                    assertThat(e.getSQLState()).as(sql).startsWith("22");
                    assertThat(e.getMessage()).as(sql).contains("abc");
                }
                assertUsable(c);
            }
        }
    }

    @Test
    void aStringThatIsNoNumberForABigintKeyUnderKeyTypeAutoIsClass22() throws Exception {
        long before = customersEverywhere();
        try (Connection c = ds.getConnection()) {
            for (String sql : new String[] {"SELECT name FROM customers WHERE customer_id = ?",
                    "INSERT INTO customers (customer_id, name, tier) VALUES (?, 'x', 1)",
                    "UPDATE customers SET name = 'y' WHERE customer_id = ?", "DELETE FROM customers WHERE customer_id = ?",
                    "SELECT amount FROM orders WHERE customer_id = ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "abc");
                    SQLException e = catchThrowableOfType(SQLException.class, ps::execute);
                    assertThat((Throwable) e).as(sql).isNotNull();
                    assertThat(e.getSQLState()).as(sql).isIn("22018", "22P02");
                    assertThat(e.getMessage()).as(sql).contains("abc");
                }
                assertUsable(c);
            }
        }
        assertThat(customersEverywhere()).isEqualTo(before);
    }

    @Test
    void aTextKeyUnderKeyTypeAutoIsRoutedByItsTextOnceTheColumnIsKnownAsText() throws Exception {
        try (Connection c = ds.getConnection()) {
            // '007' looks like a number a numeric column would store as 7; a text column keeps it as written
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_code (code, v) VALUES (?, 'seven')")) {
                ps.setString(1, "007");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(queryColumn(c, "SELECT v FROM guard_code WHERE code = ?", "007")).containsExactly("seven");
        }
        assertThat(locate("guard_code", "code").get("007")).isEqualTo(shardOf("SELECT 1 FROM guard_code WHERE code = ?", "007"));
    }
}
