package io.shardjdbc.shardctl;

import static io.shardjdbc.shardctl.Ctl.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardjdbc.ShardDataSource;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.topology.ShardedTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardctl verify} on real shards: given rows written through the driver, every row is where
 * its key places it; given rows written around the driver onto the wrong shard, onto no shard, with
 * a NULL key, or into one copy of a broadcast table, the report names each and the exit code is 5.
 * PostgreSQL shards with a PostgreSQL metadata store (hash, range, directory and broadcast tables),
 * and MariaDB shards (hash). Databases: {@code sjdbc_it_meta_ver_*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestDatabases.Db[] pg = new TestDatabases.Db[2];
    private final TestDatabases.Db[] maria = new TestDatabases.Db[2];
    private Path pgConfig;
    private Path mariaConfig;
    private ShardDataSource pgDriver;
    private ShardDataSource mariaDriver;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        TestDatabases.Db store = TestDatabases.postgres("ver_store");
        for (int i = 0; i < 2; i++) {
            pg[i] = TestDatabases.postgres("ver_" + i);
            maria[i] = TestDatabases.mariaDb("ver_" + i);
            exec(pg[i], "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(40))",
                    "CREATE TABLE events (event_id BIGINT PRIMARY KEY, kind VARCHAR(20))",
                    "CREATE TABLE tenants (tenant_id VARCHAR(40), n INT)",
                    "CREATE TABLE countries (code CHAR(2) PRIMARY KEY)",
                    "CREATE TABLE accounts (account_id BIGINT, country CHAR(2), PRIMARY KEY (account_id, country))");
            exec(maria[i], "CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(40))");
        }
        pgConfig = dir.resolve("pg.yaml");
        Files.writeString(pgConfig, "shards:\n" + shard("s0", pg[0]) + shard("s1", pg[1]) + """
                tables:
                  orders:    { key: id, strategy: hash, buckets: 8 }
                  events:    { key: event_id, strategy: range, ranges: [ { below: 1000, shard: s0 }, { below: 2000, shard: s1 } ] }
                  tenants:   { key: tenant_id, strategy: directory }
                  countries: { broadcast: true }
                  accounts:  { key: account_id, strategy: geo, region-column: country,
                               regions: { eu: { countries: [DE, FR], shards: [s0] }, us: { countries: [US], shards: [s1] } } }
                metadata:
                """ + "  url: '" + store.url() + (store.url().contains("?") ? "&" : "?") + "user=" + store.user()
                + "&password=" + store.password() + "'\n");
        mariaConfig = dir.resolve("maria.yaml");
        Files.writeString(mariaConfig, "shards:\n" + shard("m0", maria[0]) + shard("m1", maria[1])
                + "tables:\n  orders: { key: id, strategy: hash, buckets: 8 }\n");

        pgDriver = new ShardDataSource(pgConfig);
        try (Connection c = pgDriver.getConnection()) {
            insertOrders(c, 40);
            try (PreparedStatement e = c.prepareStatement("INSERT INTO events (event_id, kind) VALUES (?, 'x')");
                 PreparedStatement t = c.prepareStatement("INSERT INTO tenants (tenant_id, n) VALUES (?, ?)");
                 Statement st = c.createStatement()) {
                for (long id = 1; id < 2000; id += 50) {
                    e.setLong(1, id);
                    e.executeUpdate();
                }
                for (int k = 0; k < 5; k++) {
                    for (int n = 0; n < 2; n++) {
                        t.setString(1, "t-" + k);
                        t.setInt(2, n);
                        t.executeUpdate();
                    }
                }
                st.executeUpdate("INSERT INTO countries (code) VALUES ('DE'), ('FR'), ('JP')"); // every shard
                for (String country : List.of("DE", "FR", "US")) {
                    for (int id = 1; id <= 4; id++) st.executeUpdate("INSERT INTO accounts (account_id, country) VALUES (" + id + ", '" + country + "')");
                }
            }
        }
        mariaDriver = new ShardDataSource(mariaConfig);
        try (Connection c = mariaDriver.getConnection()) {
            insertOrders(c, 20);
        }
    }

    @AfterAll
    void tearDown() {
        if (pgDriver != null) pgDriver.close();
        if (mariaDriver != null) mariaDriver.close();
    }

    @Test
    void rowsWrittenThroughTheDriverAreAllWhereTheirKeysPlaceThem() throws Exception {
        Ctl.Run r = run("--config", pgConfig.toString(), "verify");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ShardCtl.OK);
        assertThat(r.out()).contains("checked against topology version 1 (published in the metadata store)")
                .contains("table orders (hash)").contains("table events (range)").contains("table tenants (directory)")
                .contains("table countries (broadcast)")
                .contains("every row is on the shard its key places it on");
        JsonNode j = JSON.readTree(run("--config", pgConfig.toString(), "--json", "verify").out());
        long rows = 0;
        for (JsonNode s : table(j, "orders").get("shards")) {
            assertThat(s.get("misplaced").asLong()).isZero();
            rows += s.get("rows").asLong();
        }
        assertThat(rows).isEqualTo(40);
        assertThat(table(j, "tenants").get("shards").get(0).get("rows").asLong()
                + table(j, "tenants").get("shards").get(1).get("rows").asLong()).isEqualTo(10);
    }

    @Test
    void rowsWrittenAroundTheDriverAreNamedWithTheShardTheyBelongOn() throws Exception {
        long key = 1_000_001L;
        int home = ((ShardedTable) pgDriver.topology().table("orders")).placement().shardOf(key);
        int wrong = 1 - home;
        try {
            exec(pg[wrong], "INSERT INTO orders (id, item) VALUES (" + key + ", 'stray')",
                    "INSERT INTO tenants (tenant_id, n) VALUES (NULL, 0)",
                    "INSERT INTO tenants (tenant_id, n) VALUES ('ghost', 0)");
            exec(pg[0], "INSERT INTO events (event_id, kind) VALUES (5000, 'late')"); // above the last range
            exec(pg[1], "INSERT INTO countries (code) VALUES ('XX')");

            Ctl.Run r = run("--config", pgConfig.toString(), "verify");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ShardCtl.MISPLACED);
            assertThat(r.out())
                    .containsPattern("s" + wrong + "\\s+\\d+\\s+1\\s+1 belong on s" + home + "; e\\.g\\. " + key + " → s" + home)
                    .contains("5000 → (no shard)")
                    .contains("NULL → (null key)").contains("ghost → (no shard)")
                    .contains("the shards hold different numbers of rows (3 on s0; 4 on s1)")
                    .contains("4 row(s) are on a shard their key does not place them on")
                    .doesNotContain("every row is on the shard");

            JsonNode j = JSON.readTree(run("--config", pgConfig.toString(), "--json", "verify").out());
            JsonNode orders = table(j, "orders").get("shards").get(wrong);
            assertThat(orders.get("misplaced").asLong()).isEqualTo(1);
            assertThat(orders.get("belongsOn").get("s" + home).asLong()).isEqualTo(1);
            assertThat(table(j, "orders").get("shards").get(home).get("misplaced").asLong()).isZero();
            assertThat(table(j, "events").get("shards").get(0).get("belongsOn").get(PlacementCheck.NO_SHARD).asLong()).isEqualTo(1);
            JsonNode tenants = table(j, "tenants").get("shards").get(wrong).get("belongsOn");
            assertThat(tenants.get(PlacementCheck.NULL_KEY).asLong()).isEqualTo(1);
            assertThat(tenants.get(PlacementCheck.NO_SHARD).asLong()).isEqualTo(1);
            assertThat(table(j, "countries").get("problem").asText()).contains("4 on s1");
        } finally {
            exec(pg[wrong], "DELETE FROM orders WHERE id = " + key,
                    "DELETE FROM tenants WHERE tenant_id IS NULL OR tenant_id = 'ghost'");
            exec(pg[0], "DELETE FROM events WHERE event_id = 5000");
            exec(pg[1], "DELETE FROM countries WHERE code = 'XX'");
        }
        assertThat(run("--config", pgConfig.toString(), "verify").code()).as("repaired").isEqualTo(ShardCtl.OK);
    }

    @Test
    void aBroadcastRowChangedOnOneShardIsFoundThoughTheCountsAgree() throws Exception {
        try {
            exec(pg[1], "UPDATE countries SET code = 'XX' WHERE code = 'JP'");
            Ctl.Run r = run("--config", pgConfig.toString(), "verify");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ShardCtl.MISPLACED);
            assertThat(r.out()).contains("the shards hold as many rows but different contents (shards with equal contents: [s0], [s1])");
            JsonNode shards = table(JSON.readTree(run("--config", pgConfig.toString(), "--json", "verify").out()), "countries").get("shards");
            assertThat(shards.get(0).get("checksum").asText()).isNotEqualTo(shards.get(1).get("checksum").asText());
        } finally {
            exec(pg[1], "UPDATE countries SET code = 'JP' WHERE code = 'XX'");
        }
        JsonNode shards = table(JSON.readTree(run("--config", pgConfig.toString(), "--json", "verify").out()), "countries").get("shards");
        assertThat(shards.get(0).get("checksum").asText()).as("rows in any order, equal digests")
                .isEqualTo(shards.get(1).get("checksum").asText());
    }

    @Test
    void aGeoRowIsPlacedByItsRegion() throws Exception {
        Ctl.Run clean = run("--config", pgConfig.toString(), "--json", "verify");
        assertThat(clean.code()).as(clean.out() + clean.err()).isEqualTo(ShardCtl.OK);
        JsonNode accounts = table(JSON.readTree(clean.out()), "accounts");
        assertThat(accounts.get("strategy").asText()).isEqualTo("geo");
        assertThat(accounts.get("shards").get(0).get("rows").asLong()).as("DE and FR on s0").isEqualTo(8);
        assertThat(accounts.get("shards").get(1).get("rows").asLong()).as("US on s1").isEqualTo(4);
        try {
            exec(pg[1], "INSERT INTO accounts (account_id, country) VALUES (9, 'DE')", // an EU row in the US shard
                    "INSERT INTO accounts (account_id, country) VALUES (9, 'ZZ')"); // a region no region owns
            Ctl.Run r = run("--config", pgConfig.toString(), "verify");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ShardCtl.MISPLACED);
            assertThat(r.out()).containsPattern("s1\\s+6\\s+2\\s+1 belong on s0, 1 \\(no shard\\)");
        } finally {
            exec(pg[1], "DELETE FROM accounts WHERE account_id = 9");
        }
    }

    @Test
    void mariaDbShardsAreReadAsAStreamAndCheckedTheSameWay() throws Exception {
        Ctl.Run clean = run("--config", mariaConfig.toString(), "verify");
        assertThat(clean.code()).as(clean.out() + clean.err()).isEqualTo(ShardCtl.OK);
        assertThat(clean.out()).contains("checked against the placement of the config");
        long key = 77_777L;
        int home = ((ShardedTable) mariaDriver.topology().table("orders")).placement().shardOf(key);
        try {
            exec(maria[1 - home], "INSERT INTO orders (id, item) VALUES (" + key + ", 'stray')");
            Ctl.Run r = run("--config", mariaConfig.toString(), "verify");
            assertThat(r.code()).isEqualTo(ShardCtl.MISPLACED);
            assertThat(r.out()).contains(key + " → m" + home).contains("1 row(s) are on a shard");
        } finally {
            exec(maria[1 - home], "DELETE FROM orders WHERE id = " + key);
        }
    }

    @Test
    void tableOptionsNarrowTheCheckAndAnUnknownTableIsNamed() throws Exception {
        Ctl.Run r = run("--config", pgConfig.toString(), "verify", "--table", "ORDERS", "-t", "countries");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ShardCtl.OK);
        assertThat(r.out()).contains("table orders (hash)").contains("table countries (broadcast)")
                .doesNotContain("table events").doesNotContain("table tenants");
        Ctl.Run unknown = run("--config", pgConfig.toString(), "verify", "--table", "ordrs");
        assertThat(unknown.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(unknown.err()).contains("table ordrs is not in").contains("orders");
    }

    @Test
    void anUnreadableShardMakesTheCheckIncompleteNotClean() throws Exception {
        Path broken = pgConfig.resolveSibling("broken.yaml");
        Files.writeString(broken, "shards:\n" + shard("s0", pg[0])
                + "  s1: { url: 'jdbc:postgresql://127.0.0.1:1/nowhere', username: postgres }\n"
                + "tables:\n  orders: { key: id, strategy: hash, buckets: 8 }\n");
        Ctl.Run r = run("--config", broken.toString(), "verify");
        assertThat(r.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(r.out()).contains("reading orders on shard s1 failed").contains("the check is incomplete")
                .doesNotContain("every row is on the shard");
        assertThat(r.err()).contains("some shards could not be read");
    }

    private static void insertOrders(Connection c, int n) throws SQLException {
        try (PreparedStatement o = c.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)")) {
            for (long id = 1; id <= n; id++) {
                o.setLong(1, id);
                o.setString(2, "item " + id);
                o.executeUpdate();
            }
        }
    }

    private static String shard(String name, TestDatabases.Db db) {
        return "  " + name + ": { url: '" + db.url() + "', username: " + db.user() + ", password: '" + db.password() + "' }\n";
    }

    private static void exec(TestDatabases.Db db, String... sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        try (Connection c = DriverManager.getConnection(db.url(), p); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    private static JsonNode table(JsonNode check, String name) {
        for (JsonNode t : check.get("tables")) if (t.get("table").asText().equals(name)) return t;
        throw new AssertionError("no table " + name + " in " + check);
    }


}
