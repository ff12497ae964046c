package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.http.DirectoryServer;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver through the directory HTTP service instead of the store's database
 * ({@code metadata: { url: http://..., token: ... }}): directory tables assign and find their keys,
 * and a topology published in the store reaches the driver through the service.
 */
class DirectoryOverHttpTest {
    @Test
    void theDriverWorksThroughTheDirectoryService() throws Exception {
        H2Shards shards = new H2Shards(2);
        String metaUrl = "jdbc:h2:mem:sjdbc_meta_http_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1";
        try (MetadataStore store = MetadataStores.open(new MetadataSpec(metaUrl, null));
             DirectoryServer server = DirectoryServer.start(new InetSocketAddress("127.0.0.1", 0), store, "s3cret", 4)) {
            String yaml = shards.yaml("""
                      tenants: { key: tenant_id, strategy: directory, placement: round-robin }
                      item:    { key: id, strategy: hash, buckets: 4 }
                    """) + "metadata: { url: \"http://127.0.0.1:" + server.port() + "\", token: s3cret, refresh-interval: 20ms }\n";
            try (ShardDataSource ds = new ShardDataSource(ConfigLoader.parse("http.yaml", yaml, Map.of(), k -> null))) {
                assertThat(store.version()).as("the driver published its initial placement through the service").isEqualTo(1);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE tenants (tenant_id BIGINT PRIMARY KEY, name VARCHAR(20))");
                    s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY)");
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)")) {
                        for (long id = 1; id <= 6; id++) {
                            ps.setLong(1, id);
                            ps.setString(2, "t" + id);
                            ps.executeUpdate();
                        }
                    }
                    Map<String, String> entries = store.lookup("tenants", List.of("1", "2", "3", "4", "5", "6"));
                    assertThat(entries.values()).containsOnly("s0", "s1").hasSize(6);
                    for (Map.Entry<String, String> e : entries.entrySet()) {
                        int shard = Integer.parseInt(e.getValue().substring(1));
                        assertThat(shards.count(shard, "SELECT COUNT(*) FROM tenants WHERE tenant_id = " + e.getKey())).isEqualTo(1);
                    }
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tenants WHERE tenant_id IN (1, 2, 3, 99)")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(3);
                    }
                    assertThat(s.executeUpdate("DELETE FROM tenants WHERE tenant_id = 99")).isZero();
                }
                PlacementState state = store.placement();
                Map<String, PlacementState.GroupState> groups = new HashMap<>(state.groups());
                groups.put("item", new PlacementState.GroupState(Collections.nCopies(4, "s1"), null, null));
                long next = store.publish(new PlacementState(0, state.shards(), groups), state.version());
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (ds.topology().version() != next) {
                    assertThat(System.nanoTime()).as("version %d applied through the service", next).isLessThan(deadline);
                    Thread.onSpinWait();
                }
                assertThat(ds.explain("INSERT INTO item (id) VALUES (?)", 7L).units().get(0).shardName()).isEqualTo("s1");
            }
        }
    }
}
