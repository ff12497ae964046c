package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.metadata.MetadataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Directory tables end to end with the JDBC metadata store: many threads of two driver instances
 * insert rows for the same new tenants at once, and every tenant ends on exactly one shard with all
 * its rows there (checked in each shard database and in the store); unknown tenants read empty.
 */
abstract class DirectoryContract extends ShardContract {
    static final int THREADS = 8;
    static final int TENANTS = 200;
    private MetadataFixture meta;

    DirectoryContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "dir";
    }

    @Override
    protected String configBody() {
        try {
            meta = new MetadataFixture(TestServers.get(kind), ShardDatabases.PREFIX + kind.tag() + "_dir_meta");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return """
                tables:
                  tenants:     { key: tenant_id, strategy: directory }
                  tenant_rows: { key: tenant_id, colocate: tenants }
                """ + meta.yaml("");
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach(
                "CREATE TABLE tenants (tenant_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)",
                "CREATE TABLE tenant_rows (row_id BIGINT PRIMARY KEY, tenant_id BIGINT NOT NULL, writer INT NOT NULL)");
    }

    @Test
    void concurrentFirstInsertsOfTheSameNewTenantsPutEachOnExactlyOneShard() throws Exception {
        // two driver instances (own caches and store connections), four threads each
        List<ShardDataSource> instances = List.of(ds, dataSource(dbs.writeConfig(configBodyAgain())));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int writer = t;
                ShardDataSource instance = instances.get(t % 2);
                done.add(pool.submit(() -> {
                    List<Long> order = new ArrayList<>();
                    for (long k = 1; k <= TENANTS; k++) order.add(k);
                    Collections.shuffle(order, new Random(writer));
                    int rows = 0;
                    try (Connection c = instance.getConnection(); PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO tenant_rows (row_id, tenant_id, writer) VALUES (?, ?, ?)")) {
                        start.await();
                        for (long k : order) {
                            ps.setLong(1, k * 100 + writer);
                            ps.setLong(2, k);
                            ps.setInt(3, writer);
                            rows += ps.executeUpdate();
                        }
                    }
                    return rows;
                }));
            }
            for (Future<Integer> f : done) assertThat(f.get()).isEqualTo(TENANTS);
        } finally {
            pool.shutdownNow();
        }
        Map<Long, Integer> shardOfTenant = new HashMap<>();
        for (int s = 0; s < dbs.size(); s++) {
            for (List<Object> row : directRows(s, "SELECT tenant_id, COUNT(*) FROM tenant_rows GROUP BY tenant_id")) {
                long tenant = (Long) normalise(row.get(0));
                Integer before = shardOfTenant.put(tenant, s);
                assertThat(before).as("tenant %d has rows on s%s and s%d", tenant, before, s).isNull();
                assertThat(((Number) row.get(1)).longValue()).as("rows of tenant %d on s%d", tenant, s).isEqualTo(THREADS);
            }
        }
        assertThat(shardOfTenant).hasSize(TENANTS);
        List<String> keys = new ArrayList<>();
        for (long k = 1; k <= TENANTS; k++) keys.add(Long.toString(k));
        try (MetadataStore store = meta.open()) {
            Map<String, String> entries = store.lookup("tenants", keys);
            assertThat(entries).hasSize(TENANTS);
            for (long k = 1; k <= TENANTS; k++) {
                assertThat(entries.get(Long.toString(k))).as("store entry of tenant %d", k).isEqualTo(name(shardOfTenant.get(k)));
            }
        }
        // reads through either instance find every row of a tenant, one shard each
        try (Connection c = instances.get(1).getConnection()) {
            for (long k = 1; k <= TENANTS; k += 17) {
                assertThat(shardsOf("SELECT * FROM tenant_rows WHERE tenant_id = ?", k)).containsExactly(name(shardOfTenant.get(k)));
                assertThat(queryColumn(c, "SELECT COUNT(*) FROM tenant_rows WHERE tenant_id = ?", k)).containsExactly((long) THREADS);
            }
        }
    }

    /** The same config again (another driver instance over the same shards and store). */
    private String configBodyAgain() {
        return """
                tables:
                  tenants:     { key: tenant_id, strategy: directory }
                  tenant_rows: { key: tenant_id, colocate: tenants }
                """ + meta.yaml("");
    }

    @Test
    void unknownTenantsReadEmptyAndAnInListIsOneLookup() throws SQLException {
        try (Connection c = ds.getConnection()) {
            executeAll(c, "INSERT INTO tenants (tenant_id, name) VALUES (5001, 'a'), (5002, 'b'), (5003, 'c')");
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, name FROM tenants WHERE tenant_id = ?")) {
                ps.setLong(1, 999_999);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                    assertThat(rs.next()).isFalse();
                }
            }
            var directory = ((io.shardjdbc.strategy.DirectoryPlacement) ((io.shardjdbc.topology.ShardedTable)
                    ds.topology().table("tenants")).placement()).directory();
            long lookups = directory.lookupCalls();
            assertThat(queryColumn(c, "SELECT name FROM tenants WHERE tenant_id IN (5001, 5002, 5003, 5004, 5005) ORDER BY name"))
                    .containsExactly("a", "b", "c");
            assertThat(directory.lookupCalls() - lookups).as("store round trips for 5 keys (2 unknown)").isLessThanOrEqualTo(1);
            assertThat(c.createStatement().executeUpdate("DELETE FROM tenants WHERE tenant_id = 999999")).isZero();
        }
    }
}
