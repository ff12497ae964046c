package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.dircache.InMemoryMetadataStore;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Directory tables: keys find their shard in the store (cached, batched), new keys are assigned once on INSERT. */
class DirectoryRoutingTest {
    static final String YAML = """
            shards:
              s0: { url: jdbc:postgresql://db0/app }
              s1: { url: jdbc:postgresql://db1/app }
              s2: { url: jdbc:postgresql://db2/app }
              s3: { url: jdbc:postgresql://db3/app }
            metadata: { url: "jdbc:h2:mem:meta" %s }
            tables:
              tenants:       { key: tenant_id, strategy: directory }
              tenant_orders: { key: tenant_id, colocate: tenants }
              rr:            { key: id, strategy: directory, placement: round-robin, shards: [s1, s2] }
            """;

    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final ShardConfig config = config("");
    private final Router router = router(config, store);

    private static ShardConfig config(String metadataExtra) {
        return ConfigLoader.parse("dir.yaml", YAML.formatted(metadataExtra), Map.of(), k -> null);
    }

    private static Router router(ShardConfig config, InMemoryMetadataStore store) {
        return new Router(Topology.of(config, null, new Directories(store, config.metadata())), 100);
    }

    private RoutePlan route(String sql, Object... params) throws SQLException {
        return router.route(sql, Parameters.of(params));
    }

    private Set<String> shards(String sql, Object... params) throws SQLException {
        Set<String> out = new TreeSet<>();
        for (RouteUnit u : route(sql, params).units()) out.add(u.shardName());
        return out;
    }

    @Test
    void aKnownKeyRoutesToItsEntryAndLaterStatementsHitTheCache() throws SQLException {
        store.assign("tenants", "42", "s2");
        assertThat(shards("SELECT * FROM tenants WHERE tenant_id = ?", 42L)).containsExactly("s2");
        assertThat(store.lookups.get()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(shards("SELECT * FROM tenants WHERE tenant_id = ?", "42")).containsExactly("s2");
            assertThat(shards("UPDATE tenant_orders SET total = 1 WHERE tenant_id = 42")).containsExactly("s2");
        }
        assertThat(store.lookups.get()).as("5, 5L and \"5\" are one key; one lookup in all").isEqualTo(1);
    }

    @Test
    void anUnknownKeyOnReadIsNoShardAndTheAbsenceIsCached() throws SQLException {
        RoutePlan select = route("SELECT tenant_id, name FROM tenants WHERE tenant_id = ?", 7L);
        assertThat(select.units()).as("the query runs unchanged where no row of the key can be, for its columns").hasSize(1);
        assertThat(route("UPDATE tenants SET name = 'x' WHERE tenant_id = ?", 7L).units()).as("0 rows, no shard").isEmpty();
        assertThat(route("DELETE FROM tenant_orders WHERE tenant_id IN (7, 8)").units()).isEmpty();
        assertThat(store.entries("tenants")).as("reads never assign").isEmpty();
        int lookups = store.lookups.get();
        route("SELECT * FROM tenants WHERE tenant_id = ?", 7L);
        assertThat(store.lookups.get()).as("negative entry cached").isEqualTo(lookups);
    }

    @Test
    void theNegativeEntryExpiresSoAnotherDriversAssignmentIsSeen() throws SQLException {
        Router fresh = router(config(", directory-cache: { negative-ttl: 0ms }"), store);
        assertThat(fresh.route("DELETE FROM tenants WHERE tenant_id = ?", Parameters.of(9L)).units()).isEmpty();
        store.assign("tenants", "9", "s3"); // another driver inserted tenant 9
        assertThat(fresh.route("DELETE FROM tenants WHERE tenant_id = ?", Parameters.of(9L)).units())
                .extracting(RouteUnit::shardName).containsExactly("s3");
    }

    @Test
    void anInListResolvesEveryMissingKeyInOneLookup() throws SQLException {
        Map<String, String> where = new ConcurrentHashMap<>();
        for (int k = 0; k < 100; k += 2) {
            String shard = "s" + (k % 8 / 2);
            store.assign("tenants", Integer.toString(k), shard);
            where.put(Integer.toString(k), shard);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM tenants WHERE tenant_id IN (");
        Object[] params = new Object[100];
        for (int k = 0; k < 100; k++) {
            sql.append(k == 0 ? "?" : ", ?");
            params[k] = (long) k;
        }
        sql.append(")");
        int before = store.lookups.get();
        RoutePlan p = route(sql.toString(), params);
        assertThat(store.lookups.get() - before).as("100 keys, one round trip").isEqualTo(1);
        assertThat(p.units()).extracting(RouteUnit::shardName).containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
        int markers = 0;
        for (RouteUnit u : p.units()) {
            markers += u.parameterCount(100);
            for (int physical = 1; physical <= u.parameterCount(100); physical++) {
                Object bound = params[u.logicalIndex(physical) - 1];
                assertThat(where.get(bound.toString())).as("value %s bound on %s", bound, u.shardName()).isEqualTo(u.shardName());
            }
        }
        assertThat(markers).as("a long list is cut: each shard receives only its own markers (keys without entries go nowhere)").isEqualTo(50);
        route(sql.toString(), params);
        assertThat(store.lookups.get() - before).as("all 100 now cached, the unknown ones as absent").isEqualTo(1);
        // an IN list among other conditions is batched too
        route("SELECT * FROM tenants WHERE (tenant_id IN (101, 102, 103) OR tenant_id = 104) AND name = 'x'");
        assertThat(store.lookups.get() - before).isEqualTo(2);
    }

    @Test
    void anInListLargerThanTheCacheIsStillOneLookup() throws SQLException {
        Router tiny = router(config(", directory-cache: { size: 0 }"), store);
        for (int k = 0; k < 100; k++) store.assign("tenants", Integer.toString(k), "s" + (k % 4));
        StringBuilder sql = new StringBuilder("SELECT * FROM tenants WHERE tenant_id IN (0");
        for (int k = 1; k < 100; k++) sql.append(", ").append(k);
        int before = store.lookups.get();
        RoutePlan p = tiny.route(sql.append(")").toString(), Parameters.NONE);
        assertThat(store.lookups.get() - before).isEqualTo(1);
        assertThat(p.units()).hasSize(4);
        for (RouteUnit u : p.units()) {
            assertThat(u.sql()).contains("(" + u.shard() + ", " + (u.shard() + 4) + ", ");
        }
        before = store.lookups.get();
        tiny.route("INSERT INTO tenants (tenant_id) VALUES (1), (2), (1000), (1000)", Parameters.NONE);
        assertThat(store.lookups.get() - before).isEqualTo(1);
        assertThat(store.assigns.get()).as("100 set up + the one new key, once").isEqualTo(101);
    }

    @Test
    void aNewKeyIsAssignedOnItsFirstInsertToTheShardWithFewestKeys() throws SQLException {
        for (int i = 0; i < 3; i++) store.assign("tenants", "a" + i, "s0");
        store.assign("tenants", "b0", "s1");
        for (int i = 0; i < 2; i++) store.assign("tenants", "c" + i, "s2");
        for (int i = 0; i < 5; i++) store.assign("tenants", "d" + i, "s3");
        int assigns = store.assigns.get();
        assertThat(shards("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)", 1000L, "new")).containsExactly("s1");
        assertThat(store.entries("tenants")).containsEntry("1000", "s1");
        assertThat(shards("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)", 1001L, "new")).as("s1 and s2 now tie at 2")
                .containsExactly("s1");
        assertThat(shards("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)", 1002L, "new")).containsExactly("s2");
        assertThat(store.assigns.get() - assigns).isEqualTo(3);
        // the tenant's rows in a co-located table follow it without another assignment
        assertThat(shards("INSERT INTO tenant_orders (tenant_id, total) VALUES (?, ?)", 1002L, 5)).containsExactly("s2");
        assertThat(shards("INSERT INTO tenants (tenant_id, name) VALUES (1000, 'again')")).containsExactly("s1");
        assertThat(store.assigns.get() - assigns).as("cached keys need no assignment").isEqualTo(3);
        assertThat(store.counts.get()).as("keysPerShard read once, then kept current locally").isEqualTo(1);
    }

    @Test
    void roundRobinPlacesNewKeysInTurnOverTheTablesShards() throws SQLException {
        List<String> got = new ArrayList<>();
        for (long id = 0; id < 6; id++) got.addAll(shards("INSERT INTO rr (id) VALUES (?)", id));
        assertThat(got).containsExactly("s1", "s2", "s1", "s2", "s1", "s2");
    }

    @Test
    void aMultiRowInsertLooksUpOnceAndAssignsOnlyTheNewKeys() throws SQLException {
        store.assign("tenants", "1", "s3");
        int lookups = store.lookups.get(), assigns = store.assigns.get();
        RoutePlan p = route("INSERT INTO tenants (tenant_id) VALUES (1), (2), (3), (1)");
        assertThat(store.lookups.get() - lookups).isEqualTo(1);
        assertThat(store.assigns.get() - assigns).isEqualTo(2);
        Map<String, String> entries = store.entries("tenants");
        for (RouteUnit u : p.units()) {
            for (String k : List.of("1", "2", "3")) {
                if (entries.get(k).equals(u.shardName())) assertThat(u.sql()).contains("(" + k + ")");
            }
        }
    }

    @Test
    void concurrentFirstInsertsOfOneKeyFromManyDriversLandOnOneShard() throws Exception {
        int drivers = 8;
        List<Router> routers = new ArrayList<>();
        for (int i = 0; i < drivers; i++) {
            // round-robin per driver, started at different points, so the drivers propose different shards
            Router r = router(config, store);
            for (int skip = 0; skip < i; skip++) r.route("INSERT INTO rr (id) VALUES (?)", Parameters.of(-1L - skip));
            routers.add(r);
        }
        ExecutorService pool = Executors.newFixedThreadPool(drivers);
        try {
            for (long key = 0; key < 50; key++) {
                CyclicBarrier start = new CyclicBarrier(drivers);
                List<Future<String>> shards = new ArrayList<>();
                for (Router r : routers) {
                    long k = key;
                    shards.add(pool.submit(() -> {
                        start.await();
                        return r.route("INSERT INTO rr (id) VALUES (?)", Parameters.of(k)).units().get(0).shardName();
                    }));
                }
                Set<String> seen = new HashSet<>();
                for (Future<String> f : shards) seen.add(f.get());
                assertThat(seen).as("key %d", key).hasSize(1).containsExactly(store.entries("rr").get(Long.toString(key)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDirectoryTableWithoutAMetadataStoreFailsAtStartup() {
        String yaml = "shards: { s0: { url: 'jdbc:postgresql://a/b' } }\ntables:\n  tenants: { key: tenant_id, strategy: directory }\n";
        assertThatThrownBy(() -> ConfigLoader.parse("d.yaml", yaml, Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("d.yaml").hasMessageContaining("tables.tenants.strategy").hasMessageContaining("metadata:");
        assertThatThrownBy(() -> Topology.of(config)).isInstanceOf(ConfigException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> ConfigLoader.parse("d.yaml", YAML.formatted("").replace("round-robin", "fewest"), Map.of(), k -> null))
                .hasMessageContaining("tables.rr.placement").hasMessageContaining("least-rows or round-robin");
    }

    @Test
    void theInitialPlacementOfAConfigWithDirectoryTablesNeedsNoStore() {
        io.shardjdbc.metadata.PlacementState state = Topology.initialPlacement(config);
        assertThat(state.version()).isZero();
        assertThat(state.shards()).extracting(io.shardjdbc.metadata.PlacementState.ShardEntry::name)
                .containsExactly("s0", "s1", "s2", "s3");
        assertThat(state.groups().get("tenants").buckets()).isEmpty();
        assertThat(state.groups()).containsOnlyKeys("tenants", "rr");
    }

    @Test
    void metadataKeysAreReadWithDefaults() {
        assertThat(config.metadata().refreshInterval()).hasSeconds(1);
        assertThat(config.metadata().directoryCacheSize()).isEqualTo(100_000);
        ShardConfig c = config(", refresh-interval: 250ms, publish-initial: false, directory-cache: { size: 10, ttl: 1m, negative-ttl: 2s }");
        assertThat(c.metadata().refreshInterval()).hasMillis(250);
        assertThat(c.metadata().publishInitial()).isFalse();
        assertThat(c.metadata().directoryCacheSize()).isEqualTo(10);
        assertThat(c.metadata().directoryCacheTtl()).hasMinutes(1);
        assertThat(c.metadata().directoryNegativeTtl()).hasSeconds(2);
        assertThatThrownBy(() -> config(", refresh: 1s")).hasMessageContaining("metadata.refresh");
    }
}
