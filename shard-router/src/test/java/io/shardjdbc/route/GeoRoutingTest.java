package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.strategy.GeoPlacement;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Geographic tables: the region column picks the region's shards, the key the shard inside them; rows never leave their region. */
class GeoRoutingTest {
    static final String YAML = """
            shards:
              s0: { url: jdbc:postgresql://db0/app }
              s1: { url: jdbc:postgresql://db1/app }
              s2: { url: jdbc:postgresql://db2/app }
              s3: { url: jdbc:postgresql://db3/app }
            tables:
              accounts: { key: account_id, strategy: geo, region-column: country,
                          regions: { eu: { countries: [DE, FR], shards: [s0, s1] },
                                     us: { countries: [US], shards: [s2] },
                                     apac: { countries: [JP, SG], shards: [s3], buckets: 64 } } }
              account_events: { key: account_id, colocate: accounts }
              customer: { key: customer_id }
            """;

    private final Topology topology = Topology.of(ConfigLoader.parse("geo.yaml", YAML, Map.of(), k -> null));
    private final Router router = new Router(topology, 100);
    private final GeoPlacement geo = (GeoPlacement) ((ShardedTable) topology.table("accounts")).placement();

    private Set<String> shards(String sql, Object... params) throws SQLException {
        Set<String> out = new TreeSet<>();
        for (RouteUnit u : router.route(sql, Parameters.of(params)).units()) out.add(u.shardName());
        return out;
    }

    private String shardIn(String region, long key) throws SQLException {
        int r = geo.regionOf(region.equals("eu") ? "DE" : region.equals("us") ? "US" : "JP");
        return topology.shardName(geo.shardOf(r, key));
    }

    @Test
    void anInsertGoesToTheKeysBucketShardInsideItsRegion() throws SQLException {
        Set<String> euShards = new TreeSet<>();
        for (long id = 0; id < 200; id++) {
            Set<String> s = shards("INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?)", id, "FR", "x");
            assertThat(s).singleElement().isIn("s0", "s1").isEqualTo(shardIn("eu", id));
            euShards.addAll(s);
            assertThat(shards("INSERT INTO accounts (account_id, country) VALUES (?, ?)", id, "US")).containsExactly("s2");
            assertThat(shards("INSERT INTO accounts (account_id, country) VALUES (" + id + ", 'SG')")).containsExactly("s3");
        }
        assertThat(euShards).as("rows spread over both EU shards by bucket").containsExactly("s0", "s1");
    }

    @Test
    void regionValuesMatchTrimmedAndCaseInsensitively() throws SQLException {
        assertThat(shards("INSERT INTO accounts (account_id, country) VALUES (?, ?)", 7L, " us ")).containsExactly("s2");
        assertThat(shards("SELECT * FROM accounts WHERE country = 'de'")).containsExactly("s0", "s1");
    }

    @Test
    void aMultiRowInsertIsSplitByRegion() throws SQLException {
        RoutePlan p = router.route("INSERT INTO accounts (account_id, country) VALUES (1, 'US'), (2, 'JP'), (3, 'US')", Parameters.NONE);
        assertThat(p.units()).extracting(RouteUnit::shardName, RouteUnit::sql).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s2", "INSERT INTO accounts (account_id, country) VALUES (1, 'US'), (3, 'US')"),
                org.assertj.core.groups.Tuple.tuple("s3", "INSERT INTO accounts (account_id, country) VALUES (2, 'JP')"));
    }

    @Test
    void anInsertWithAnUnmappedRegionFailsNamingTableColumnValueAndRegions() {
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, country) VALUES (?, ?)", 1L, "BR"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasFieldOrPropertyWithValue("SQLState", "23514")
                .hasMessageContaining("accounts").hasMessageContaining("country = 'BR'")
                .hasMessageContaining("eu [DE, FR]").hasMessageContaining("us [US]").hasMessageContaining("apac [JP, SG]");
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, country) VALUES (1, 'US'), (2, 'XX')"))
                .hasFieldOrPropertyWithValue("SQLState", "23514").hasMessageContaining("in row 2");
    }

    @Test
    void anInsertWithoutItsRegionFails() {
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, name) VALUES (?, ?)", 1L, "x"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasFieldOrPropertyWithValue("SQLState", "23502")
                .hasMessageContaining("accounts").hasMessageContaining("region column country").hasMessageContaining("eu [DE, FR]");
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, country) VALUES (?, ?)", 1L, null))
                .hasFieldOrPropertyWithValue("SQLState", "23502").hasMessageContaining("country is NULL");
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, country) VALUES (1, lower('DE'))"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("region column country");
    }

    @Test
    void anUpdateThatSetsTheRegionIsRejected() {
        assertThatThrownBy(() -> shards("UPDATE accounts SET country = ? WHERE account_id = ?", "US", 1L))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasFieldOrPropertyWithValue("SQLState", "0AS01")
                .hasMessageContaining("accounts").hasMessageContaining("region column country");
        assertThatThrownBy(() -> shards("UPDATE account_events SET country = 'US' WHERE account_id = 1"))
                .hasFieldOrPropertyWithValue("SQLState", "0AS01");
    }

    @Test
    void anUpsertThatSetsTheRegionIsRejectedOneThatDoesNotRoutesByRegion() throws SQLException {
        assertThatThrownBy(() -> shards("INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country", 1L, "DE", "x"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("region column country");
        assertThat(shards("INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name", 1L, "US", "x")).containsExactly("s2");
        Router my = new Router(Topology.of(ConfigLoader.parse("geo.yaml", YAML.replace("postgresql", "mysql"), Map.of(),
                k -> null)), 10);
        assertThatThrownBy(() -> my.route("INSERT INTO accounts (account_id, country) VALUES (1, 'DE') "
                + "ON DUPLICATE KEY UPDATE `country` = VALUES(country)", Parameters.NONE))
                .hasFieldOrPropertyWithValue("SQLState", "0AS01");
    }

    @Test
    void aQueryFilteredByRegionTouchesOnlyThatRegionsShards() throws SQLException {
        assertThat(shards("SELECT * FROM accounts WHERE country = ?", "DE")).containsExactly("s0", "s1");
        assertThat(shards("SELECT * FROM accounts WHERE country = 'US' AND name LIKE 'a%'")).containsExactly("s2");
        assertThat(shards("SELECT * FROM accounts WHERE country IN (?, ?)", "US", "JP")).containsExactly("s2", "s3");
        assertThat(shards("UPDATE accounts SET name = 'x' WHERE country = 'SG'")).containsExactly("s3");
        assertThat(shards("DELETE FROM accounts WHERE country IN ('FR')")).containsExactly("s0", "s1");
        assertThat(shards("SELECT count(*) FROM accounts a WHERE a.country = 'JP'")).containsExactly("s3");
    }

    @Test
    void regionAndKeyPinOneShard() throws SQLException {
        for (long id = 0; id < 100; id++) {
            assertThat(shards("SELECT * FROM accounts WHERE account_id = ? AND country = ?", id, "DE"))
                    .containsExactly(shardIn("eu", id));
            assertThat(shards("DELETE FROM accounts WHERE country = 'US' AND account_id = " + id)).containsExactly("s2");
        }
    }

    @Test
    void aKeyAloneGoesToItsBucketShardInEveryRegion() throws SQLException {
        for (long id = 0; id < 50; id++) {
            assertThat(shards("SELECT * FROM accounts WHERE account_id = ?", id))
                    .containsExactlyInAnyOrder(shardIn("eu", id), "s2", "s3");
        }
        assertThat(shards("SELECT * FROM accounts WHERE name = 'x'")).containsExactly("s0", "s1", "s2", "s3");
    }

    @Test
    void anUnmappedRegionInAFilterMatchesNoRow() throws SQLException {
        RoutePlan p = router.route("SELECT * FROM accounts WHERE country = 'BR'", Parameters.NONE);
        assertThat(p.units()).hasSize(1); // runs where no row can match, to answer with the table's columns
    }

    @Test
    void coLocatedTablesCarryTheRegionColumnAndJoinOnOneShard() throws SQLException {
        ShardedTable events = (ShardedTable) topology.table("account_events");
        assertThat(events.regionColumn()).isEqualTo("country");
        assertThat(events.placement()).isSameAs(geo);
        assertThat(shards("INSERT INTO account_events (account_id, country, kind) VALUES (?, ?, ?)", 9L, "FR", "login"))
                .containsExactly(shardIn("eu", 9L));
        assertThat(shards("SELECT * FROM accounts a JOIN account_events e ON a.account_id = e.account_id "
                + "WHERE a.account_id = ? AND a.country = ?", 9L, "FR")).containsExactly(shardIn("eu", 9L));
    }

    @Test
    void placementStateRoundTripsThroughTheStoreShape() {
        PlacementState state = topology.placementState();
        PlacementState.RegionEntry eu = state.groups().get("accounts").regions().get("eu");
        assertThat(eu.countries()).containsExactly("DE", "FR");
        assertThat(eu.buckets()).hasSize(1024).containsOnly("s0", "s1");
        assertThat(state.groups().get("accounts").regions().get("apac").buckets()).hasSize(64).containsOnly("s3");
        // a published change: every EU bucket on s1
        Map<String, PlacementState.RegionEntry> regions = new java.util.HashMap<>(state.groups().get("accounts").regions());
        regions.put("eu", new PlacementState.RegionEntry(List.of("DE", "FR", "AT"), java.util.Collections.nCopies(16, "s1")));
        Map<String, PlacementState.GroupState> groups = new java.util.HashMap<>(state.groups());
        groups.put("accounts", new PlacementState.GroupState(null, null, regions));
        ShardConfig config = ConfigLoader.parse("geo.yaml", YAML, Map.of(), k -> null);
        Topology moved = Topology.of(config, new PlacementState(7, state.shards(), groups), null);
        assertThat(moved.version()).isEqualTo(7);
        GeoPlacement g = (GeoPlacement) ((ShardedTable) moved.table("accounts")).placement();
        assertThat(g.regionNames()).containsExactly("eu", "us", "apac");
        assertThat(g.shardsOfRegion("AT").stream().boxed().toList()).containsExactly(1);
    }

    @Test
    void badGeoConfigsFailAtStartupNamingTheKey() {
        String base = "shards: { s0: { url: 'jdbc:postgresql://a/b' }, s1: { url: 'jdbc:postgresql://c/d' } }\ntables:\n";
        assertThatThrownBy(() -> ConfigLoader.parse("g.yaml", base + "  a: { key: id, strategy: geo, regions: { eu: { countries: [DE], shards: [s0] } } }", Map.of(), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tables.a.region-column");
        assertThatThrownBy(() -> ConfigLoader.parse("g.yaml", base + "  a: { key: id, strategy: geo, region-column: c }", Map.of(), k -> null))
                .hasMessageContaining("tables.a.regions");
        assertThatThrownBy(() -> ConfigLoader.parse("g.yaml", base + "  a: { key: id, strategy: geo, region-column: c, regions: { eu: { countries: [DE], shards: [s9] } } }", Map.of(), k -> null))
                .hasMessageContaining("tables.a.regions.eu.shards[0]").hasMessageContaining("unknown shard 's9'");
        assertThatThrownBy(() -> ConfigLoader.parse("g.yaml", base + "  a: { key: id, strategy: geo, region-column: c, regions: { eu: { countries: [DE], shards: [s0] }, x: { countries: [de], shards: [s1] } } }", Map.of(), k -> null))
                .hasMessageContaining("tables.a.regions.x.countries").hasMessageContaining("already in region eu");
        assertThatThrownBy(() -> ConfigLoader.parse("g.yaml", base + "  a: { key: id, strategy: hash, region-column: c }", Map.of(), k -> null))
                .hasMessageContaining("tables.a.region-column");
    }
}
