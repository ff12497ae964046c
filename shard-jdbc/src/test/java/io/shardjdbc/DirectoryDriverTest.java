package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Directory tables and a topology from the metadata store, through the driver, on H2 shards with the
 * JDBC metadata store on H2: rows land where the store says, unknown keys read as empty results and
 * write nowhere, and a topology another client publishes is applied by the watcher.
 */
class DirectoryDriverTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private H2Shards shards;
    private String metaUrl;
    private ShardDataSource ds;
    private MetadataStore other; // another client of the same store (an operator's tool, another driver)

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(3);
        metaUrl = "jdbc:h2:mem:sjdbc_meta_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        ds = new ShardDataSource(config());
        other = MetadataStores.open(new MetadataSpec(metaUrl, null));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tenants (tenant_id BIGINT PRIMARY KEY, name VARCHAR(50))");
            s.execute("CREATE TABLE tenant_orders (order_id BIGINT PRIMARY KEY, tenant_id BIGINT, total INT)");
            s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        }
    }

    private ShardConfig config() {
        return ConfigLoader.parse("dir.yaml", shards.yaml("""
                  tenants:       { key: tenant_id, strategy: directory }
                  tenant_orders: { key: tenant_id, colocate: tenants }
                  item:          { key: id, strategy: hash, buckets: 8 }
                """) + "metadata: { url: \"" + metaUrl + "\", refresh-interval: 20ms }\n", Map.of(), k -> null);
    }

    @AfterEach
    void tearDown() throws SQLException {
        ds.close();
        other.close();
    }

    private int shardHolding(String table, String keyColumn, long key) throws SQLException {
        int found = -1;
        for (int s = 0; s < shards.size(); s++) {
            if (shards.count(s, "SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " = " + key) > 0) {
                assertThat(found).as("%s %d on one shard only", table, key).isEqualTo(-1);
                found = s;
            }
        }
        return found;
    }

    @Test
    void newTenantsAreAssignedOnFirstInsertAndTheirRowsFollowThem() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement t = c.prepareStatement("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)");
             PreparedStatement o = c.prepareStatement("INSERT INTO tenant_orders (order_id, tenant_id, total) VALUES (?, ?, ?)")) {
            for (long id = 1; id <= 30; id++) {
                t.setLong(1, id);
                t.setString(2, "tenant-" + id);
                assertThat(t.executeUpdate()).isEqualTo(1);
                for (int k = 0; k < 3; k++) {
                    o.setLong(1, id * 10 + k);
                    o.setLong(2, id);
                    o.setInt(3, k);
                    o.executeUpdate();
                }
            }
        }
        List<String> keys = new ArrayList<>();
        for (long id = 1; id <= 30; id++) keys.add(Long.toString(id));
        Map<String, String> entries = other.lookup("tenants", keys);
        assertThat(entries).hasSize(30);
        Map<String, Long> perShard = new HashMap<>();
        for (long id = 1; id <= 30; id++) {
            int s = shardHolding("tenants", "tenant_id", id);
            assertThat("s" + s).as("tenant %d", id).isEqualTo(entries.get(Long.toString(id)));
            assertThat(shards.count(s, "SELECT COUNT(*) FROM tenant_orders WHERE tenant_id = " + id)).isEqualTo(3);
            perShard.merge("s" + s, 1L, Long::sum);
        }
        assertThat(perShard).as("least-rows keeps the shards even").containsOnlyKeys("s0", "s1", "s2")
                .allSatisfy((s, n) -> assertThat(n).isEqualTo(10L));
        try (Connection c = ds.getConnection()) {
            ResultSet rs = c.createStatement().executeQuery("SELECT name FROM tenants WHERE tenant_id IN (3, 7, 11, 999) ORDER BY name");
            List<String> names = new ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            assertThat(names).containsExactly("tenant-11", "tenant-3", "tenant-7");
        }
    }

    @Test
    void unknownKeysReadEmptyWithTheirColumnsAndWriteNowhere() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tenant_id, name AS tenant_name FROM tenants WHERE tenant_id = ?")) {
            ps.setLong(1, 424242);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(2);
                assertThat(md.getColumnLabel(2)).isEqualToIgnoringCase("tenant_name");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM tenant_orders WHERE tenant_id = 424242")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
            long[] before = statements();
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE tenants SET name = 'x' WHERE tenant_id = 424242")).isZero();
                assertThat(s.executeUpdate("DELETE FROM tenant_orders WHERE tenant_id IN (424242, 424243)")).isZero();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tenants WHERE tenant_id = ?")) {
                del.setLong(1, 424242);
                del.addBatch();
                del.setLong(1, 424244);
                del.addBatch();
                assertThat(del.executeBatch()).containsExactly(0, 0);
            }
            assertThat(statements()).as("no shard ran anything").containsExactly(before);
        }
        assertThat(other.lookup("tenants", List.of("424242"))).as("reads and deletes never assign").isEmpty();
    }

    private long[] statements() {
        long[] out = new long[shards.size()];
        for (int i = 0; i < out.length; i++) out[i] = ds.runtime().primaryStatements(i);
        return out;
    }

    @Test
    void anExplicitAssignmentPlacesATenantBeforeItsFirstRow() throws SQLException {
        assertThat(ds.assign("tenants", 77L, "s2")).isEqualTo("s2");
        assertThat(ds.assign("tenant_orders", "77", "s0")).as("already placed: the first assignment stands").isEqualTo("s2");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO tenants (tenant_id, name) VALUES (77, 'pinned')");
        }
        assertThat(shardHolding("tenants", "tenant_id", 77)).isEqualTo(2);
        assertThatThrownBy(() -> ds.assign("item", 1L, "s0")).hasFieldOrPropertyWithValue("SQLState", "42000");
        assertThatThrownBy(() -> ds.assign("tenants", 78L, "s9")).hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("s9");
    }

    @Test
    void aPlacementPublishedByAnotherClientIsAppliedByTheWatcher() throws Exception {
        long start = ds.topology().version();
        assertThat(start).as("the driver published the config's placement as the first version").isEqualTo(other.version());
        String insert = "INSERT INTO item (id, name) VALUES (?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            PlacementState state = other.placement();
            Map<String, PlacementState.GroupState> groups = new HashMap<>(state.groups());
            groups.put("item", new PlacementState.GroupState(Collections.nCopies(8, "s1"), null, null));
            long next = other.publish(new PlacementState(0, state.shards(), groups), state.version());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ds.topology().version() != next) {
                assertThat(System.nanoTime()).as("topology version %d applied within 5 s", next).isLessThan(deadline);
                Thread.onSpinWait();
            }
            // the prepared statement routes on the new snapshot: every id now on s1
            for (long id = 1; id <= 20; id++) {
                ps.setLong(1, id);
                ps.setString(2, "x");
                ps.executeUpdate();
            }
        }
        assertThat(shards.count(1, "SELECT COUNT(*) FROM item")).isEqualTo(20);
        assertThat(ds.runtime().topologySource().lastRefreshError()).isNull();
    }

    @Test
    void aVersionNamingANewShardOpensItInTheRunningDriverAndOneThatDropsItRetiresIt() throws Exception {
        H2Shards added = new H2Shards(1);
        added.on(0, "CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        PlacementState state = other.placement();
        List<PlacementState.ShardEntry> more = new ArrayList<>(state.shards());
        more.add(new PlacementState.ShardEntry("s9", added.url(0)));
        Map<String, PlacementState.GroupState> groups = new HashMap<>(state.groups());
        groups.put("item", new PlacementState.GroupState(Collections.nCopies(8, "s9"), null, null));
        try (Connection before = ds.getConnection(); PreparedStatement ps = before.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
            long withS9 = other.publish(new PlacementState(0, more, groups), state.version());
            assertThat(ds.refreshTopology()).as("no restart: the driver applies the version").isEqualTo(withS9);
            assertThat(ds.runtime().topologySource().lastRefreshError()).isNull();
            // a connection and a statement made before the shard existed write to it
            ps.setLong(1, 5);
            ps.setString(2, "on the new shard");
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(added.ids(0, "item")).containsExactly(5L);
            int s9 = ds.topology().shardIndex("s9");
            assertThat(ds.runtime().pools().stats(s9)).as("its pool is open").isNotNull();

            long withoutS9 = other.publish(new PlacementState(0, state.shards(), state.groups()), withS9);
            assertThat(ds.refreshTopology()).isEqualTo(withoutS9);
            try (Statement st = before.createStatement()) {
                st.execute("CREATE TABLE later (id BIGINT)"); // every shard the store names, not the retired one
            }
            assertThat(added.count(0, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LATER'")).isZero();
            assertThat(shards.count(0, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LATER'")).isOne();
            // in auto-commit mode the connection gave its s9 connection back after the insert: nothing holds the pool
        }
        int s9 = ds.topology().shardIndex("s9");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ds.runtime().pools().stats(s9) != null) { // the watcher closes it once its connection came back
            assertThat(System.nanoTime()).as("the retired shard's pool closed within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(ds.topology().placementState().shards()).extracting(PlacementState.ShardEntry::name).doesNotContain("s9");
    }

    @Test
    void aVersionNamingMoreNewShardsThanARunningDriverTakesIsNotApplied() throws Exception {
        PlacementState state = other.placement();
        List<PlacementState.ShardEntry> more = new ArrayList<>(state.shards());
        for (int i = 0; i <= io.shardjdbc.execute.TopologySource.MAX_ADDED_SHARDS; i++) {
            more.add(new PlacementState.ShardEntry("n" + i, "jdbc:h2:mem:nowhere" + i));
        }
        long bad = other.publish(new PlacementState(0, more, state.groups()), state.version());
        assertThat(ds.refreshTopology()).as("the driver keeps its version").isEqualTo(state.version());
        assertThat(ds.runtime().topologySource().lastRefreshError()).contains("n0").contains("restart");
        // a later good version is applied again
        long good = other.publish(new PlacementState(0, state.shards(), state.groups()), bad);
        assertThat(ds.refreshTopology()).isEqualTo(good);
        assertThat(ds.runtime().topologySource().lastRefreshError()).isNull();
    }

    @Test
    void driversStartingTogetherOnAnEmptyStoreAgreeOnOneFirstVersion() throws Exception {
        String freshMeta = metaUrl.replace("sjdbc_meta_", "sjdbc_meta_race_");
        ShardConfig c = ConfigLoader.parse("dir.yaml", shards.yaml("""
                  item: { key: id, strategy: hash, buckets: 8 }
                """) + "metadata: { url: \"" + freshMeta + "\" }\n", Map.of(), k -> null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<ShardDataSource> started = new ArrayList<>();
        try {
            java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(4);
            List<java.util.concurrent.Future<ShardDataSource>> f = new ArrayList<>();
            for (int i = 0; i < 4; i++) f.add(pool.submit(() -> {
                go.await();
                return new ShardDataSource(c);
            }));
            for (var x : f) started.add(x.get());
            try (MetadataStore store = MetadataStores.open(new MetadataSpec(freshMeta, null))) {
                assertThat(store.version()).isEqualTo(1);
                for (ShardDataSource d : started) assertThat(d.topology().version()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            started.forEach(ShardDataSource::close);
        }
    }
}
