package io.shardjdbc.shardctl;

import static io.shardjdbc.shardctl.Ctl.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardjdbc.ShardDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * shardctl's commands run in-process against two real PostgreSQL shards and a real metadata store
 * (PostgreSQL), after rows were written through the driver: the text and JSON output, and the exit
 * codes. Databases: {@code sjdbc_it_meta_ctl_*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardCtlTest {
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path dir;
    private Path config;
    private Path noStoreConfig;
    private final List<String> shardUrls = new ArrayList<>();
    private ShardDataSource driver;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp;
        for (String db : List.of("sjdbc_it_meta_ctl_0", "sjdbc_it_meta_ctl_1", "sjdbc_it_meta_ctl_store")) {
            try (Connection c = connect(ADMIN); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + db);
            }
        }
        for (int i = 0; i < 2; i++) {
            String url = "jdbc:postgresql://127.0.0.1:5432/sjdbc_it_meta_ctl_" + i;
            shardUrls.add(url);
            try (Connection c = connect(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(40))");
                st.execute("CREATE TABLE tenants (tenant_id VARCHAR(40), n INT)");
            }
        }
        String shards = "shards:\n"
                + "  s0: { url: '" + shardUrls.get(0) + "', username: postgres }\n"
                + "  s1: { url: '" + shardUrls.get(1) + "', username: postgres }\n";
        String orders = "  orders: { key: id, strategy: hash, buckets: 8 }\n";
        config = dir.resolve("shards.yaml");
        Files.writeString(config, shards + "tables:\n" + orders
                + "  tenants: { key: tenant_id, strategy: directory }\n"
                + "metadata:\n  url: 'jdbc:postgresql://127.0.0.1:5432/sjdbc_it_meta_ctl_store?user=postgres'\n");
        noStoreConfig = dir.resolve("no-store.yaml");
        Files.writeString(noStoreConfig, shards + "tables:\n" + orders);

        driver = new ShardDataSource(config); // publishes the config's placement as version 1
        try (Connection c = driver.getConnection();
             PreparedStatement o = c.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)");
             PreparedStatement t = c.prepareStatement("INSERT INTO tenants (tenant_id, n) VALUES (?, ?)")) {
            for (int id = 1; id <= 100; id++) {
                o.setLong(1, id);
                o.setString(2, "item " + id);
                o.executeUpdate();
            }
            for (int k = 0; k < 10; k++) {
                for (int n = 0; n < 3; n++) {
                    t.setString(1, "tenant-" + k);
                    t.setInt(2, n);
                    t.executeUpdate();
                }
            }
        }
    }

    @AfterAll
    void tearDown() {
        if (driver != null) driver.close();
    }

    @Test
    void statusShowsVersionShardsRowsBucketsKeysAndSkew() throws Exception {
        Ctl.Run r = run("--config", config.toString(), "status");
        assertThat(r.code()).as(r.err()).isEqualTo(ShardCtl.OK);
        long[] orders = {count(0, "orders"), count(1, "orders")};
        assertThat(orders[0] + orders[1]).isEqualTo(100);
        assertThat(r.out()).contains("topology version 1 (published in the metadata store")
                .contains("s0").contains(shardUrls.get(1))
                .contains("table orders (hash)").contains("table tenants (directory)")
                .containsPattern("s0\\s+" + orders[0] + "\\s+4\\n")
                .containsPattern("s1\\s+" + orders[1] + "\\s+4\\n")
                .contains(String.format(java.util.Locale.ROOT, "skew %.2f", Math.max(orders[0], orders[1]) / 50.0));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statusAsJsonHasTheSameFigures() throws Exception {
        Ctl.Run r = run("status", "--config", config.toString(), "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ShardCtl.OK);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("version").asLong()).isEqualTo(1);
        assertThat(j.get("published").asBoolean()).isTrue();
        assertThat(j.get("shards")).hasSize(2);
        JsonNode orders = table(j, "orders");
        assertThat(orders.get("strategy").asText()).isEqualTo("hash");
        assertThat(orders.get("units").asText()).isEqualTo("buckets");
        long max = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode s = orders.get("shards").get(i);
            assertThat(s.get("shard").asText()).isEqualTo("s" + i);
            assertThat(s.get("rows").asLong()).isEqualTo(count(i, "orders"));
            assertThat(s.get("units").asLong()).isEqualTo(4);
            max = Math.max(max, s.get("rows").asLong());
        }
        assertThat(orders.get("skew").asDouble()).isEqualTo(Math.round(max / 50.0 * 100) / 100.0);
        JsonNode tenants = table(j, "tenants");
        assertThat(tenants.get("units").asText()).isEqualTo("keys");
        long keys = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode s = tenants.get("shards").get(i);
            assertThat(s.get("rows").asLong()).isEqualTo(count(i, "tenants"));
            assertThat(s.get("rows").asLong()).isEqualTo(3 * s.get("units").asLong()); // all of a tenant's rows with its key
            keys += s.get("units").asLong();
        }
        assertThat(keys).isGreaterThanOrEqualTo(10); // the ten tenants (other tests may assign more)
    }

    @Test
    void statusWithoutAStoreShowsTheConfigsPlacement() throws Exception {
        Ctl.Run r = run("--config", noStoreConfig.toString(), "status");
        assertThat(r.code()).as(r.err()).isEqualTo(ShardCtl.OK);
        assertThat(r.out()).contains("no metadata store: the placement of the config").contains("table orders (hash)")
                .doesNotContain("tenants");
        JsonNode j = JSON.readTree(run("--config", noStoreConfig.toString(), "--json", "status").out());
        assertThat(j.get("published").asBoolean()).isFalse();
        assertThat(j.get("store").isNull()).isTrue();
        assertThat(table(j, "orders").get("shards").get(0).get("units").asLong()).isEqualTo(4);
    }

    @Test
    void directoryGetPrintsTheShardThatHoldsTheTenantsRows() throws Exception {
        Ctl.Run r = run("--config", config.toString(), "directory", "get", "tenants", "tenant-3");
        assertThat(r.code()).as(r.err()).isEqualTo(ShardCtl.OK);
        assertThat(r.out().trim()).matches("tenant-3 -> s[01]");
        int shard = r.out().trim().endsWith("s0") ? 0 : 1;
        assertThat(countWhere(shard, "tenants", "tenant-3")).isEqualTo(3);
        assertThat(countWhere(1 - shard, "tenants", "tenant-3")).isZero();

        JsonNode j = JSON.readTree(run("--config", config.toString(), "--json", "directory", "get", "tenants", "tenant-3").out());
        assertThat(j.get("directory").asText()).isEqualTo("tenants");
        assertThat(j.get("key").asText()).isEqualTo("tenant-3");
        assertThat(j.get("shard").asText()).isEqualTo("s" + shard);
    }

    @Test
    void anUnknownKeyExits3() throws Exception {
        Ctl.Run r = run("--config", config.toString(), "directory", "get", "tenants", "nobody");
        assertThat(r.code()).isEqualTo(ShardCtl.UNKNOWN_KEY);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("nobody").contains("has no shard");
        Ctl.Run j = run("--config", config.toString(), "directory", "get", "tenants", "nobody", "--json");
        assertThat(j.code()).isEqualTo(ShardCtl.UNKNOWN_KEY);
        assertThat(JSON.readTree(j.out()).get("shard").isNull()).isTrue();
    }

    @Test
    void assignPutsANewKeyOnceAndReportsAnotherOwner() throws Exception {
        Ctl.Run first = run("--config", config.toString(), "directory", "assign", "tenants", "new-tenant", "s1");
        assertThat(first.code()).as(first.err()).isEqualTo(ShardCtl.OK);
        assertThat(first.out().trim()).isEqualTo("new-tenant -> s1");
        Ctl.Run again = run("--config", config.toString(), "--json", "directory", "assign", "tenants", "new-tenant", "s0");
        assertThat(again.code()).isEqualTo(ShardCtl.KEY_ELSEWHERE);
        JsonNode j = JSON.readTree(again.out());
        assertThat(j.get("shard").asText()).isEqualTo("s1");
        assertThat(j.get("requested").asText()).isEqualTo("s0");
        assertThat(j.get("assigned").asBoolean()).isFalse();
        assertThat(again.err()).contains("already on shard s1");
        assertThat(run("--config", config.toString(), "directory", "get", "tenants", "new-tenant").out().trim())
                .isEqualTo("new-tenant -> s1");
    }

    @Test
    void errorsExitNonZeroWithAClearMessage() throws Exception {
        Ctl.Run hashTable = run("--config", config.toString(), "directory", "get", "orders", "5");
        assertThat(hashTable.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(hashTable.err()).contains("orders").contains("placed by hash");

        Ctl.Run unknownShard = run("--config", config.toString(), "directory", "assign", "tenants", "x", "s9");
        assertThat(unknownShard.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(unknownShard.err()).contains("s9").contains("[s0, s1]");

        Ctl.Run noStore = run("--config", noStoreConfig.toString(), "directory", "get", "tenants", "x");
        assertThat(noStore.code()).isEqualTo(ShardCtl.ERROR);

        Ctl.Run missing = run("--config", dir.resolve("nope.yaml").toString(), "status");
        assertThat(missing.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(missing.err()).startsWith("shardctl: ").contains("nope.yaml");

        Ctl.Run usage = run("--config", config.toString(), "directory", "get", "tenants");
        assertThat(usage.code()).isEqualTo(ShardCtl.USAGE);
        assertThat(usage.err()).contains("Missing required parameter");
    }

    private static JsonNode table(JsonNode status, String name) {
        for (JsonNode t : status.get("tables")) if (t.get("table").asText().equals(name)) return t;
        throw new AssertionError("no table " + name + " in " + status);
    }

    private long count(int shard, String table) throws SQLException {
        try (Connection c = connect(shardUrls.get(shard)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long countWhere(int shard, String table, String tenant) throws SQLException {
        try (Connection c = connect(shardUrls.get(shard));
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(url, p);
    }



}
