package io.shardjdbc.directory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStoreContract;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.support.CountingDataSource;
import io.shardjdbc.directory.support.TestDatabases.Db;
import io.shardjdbc.metadata.MetadataStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behavioural contract plus what only the JDBC store has: its migrations, its statement count
 * per lookup and its pruning of old versions, on one database kind per subclass.
 */
abstract class JdbcStoreContract extends MetadataStoreContract {
    private JdbcMetadataStore store;
    private HikariDataSource pool;

    /** A fresh, empty database for the class's shared store. */
    protected abstract Db freshDatabase(String name) throws SQLException;

    /** A short tag for database names of this kind. */
    protected abstract String tag();

    /** The database of the class's shared store. */
    private Db db;

    private Db currentDatabase() { return db; }

    @BeforeAll
    void openStore() throws SQLException {
        db = freshDatabase(tag() + "_store");
        store = JdbcMetadataStore.open(db.url(), db.user(), db.password());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(4); // a store opened over it migrates with several connections at once
        pool = new HikariDataSource(hc);
    }

    @AfterAll
    void closeStore() {
        if (store != null) store.close();
        if (pool != null) pool.close();
    }

    @Override
    protected MetadataStore store() { return store; }

    @Test
    void migratesAnEmptyDatabaseAndRerunsWithoutChange() throws SQLException {
        Db db = freshDatabase(tag() + "_migrate");
        String first;
        try (MetadataStore s = MetadataStores.open(new MetadataSpec(db.url(), null), db.user(), db.password())) {
            first = ((JdbcMetadataStore) s).schemaVersion();
            assertThat(s.version()).isZero();
            assertThat(s.placement()).isNull();
            s.assign("tenants", "a", "s0");
        }
        for (int run = 0; run < 2; run++) {
            try (JdbcMetadataStore s = JdbcMetadataStore.open(db.url(), db.user(), db.password())) {
                assertThat(s.schemaVersion()).isEqualTo(first).isEqualTo("3");
                assertThat(s.lookup("tenants", List.of("a"))).isEqualTo(Map.of("a", "s0")); // data kept
            }
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        try (HikariDataSource ds = new HikariDataSource(hc); Connection c = ds.getConnection(); Statement st = c.createStatement();
             // Flyway creates its history table with a quoted lower-case name (and columns)
             ResultSet rs = st.executeQuery("SELECT * FROM " + (tag().equals("my") ? Migrations.HISTORY_TABLE
                     : '"' + Migrations.HISTORY_TABLE + '"'))) {
            List<String> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                // rows without a version are Flyway's own markers (schema created), not migrations
                if (rs.getString("version") != null) applied.add(rs.getString("version") + ":" + rs.getBoolean("success"));
            }
            assertThat(applied).containsExactly("1:true", "2:true", "3:true"); // each applied once
        }
    }

    @Test
    void aBatchLookupOfAHundredKeysIsOneStatement(TestInfo test) throws SQLException {
        String directory = directory(test);
        for (int k = 0; k < 100; k += 3) store.assign(directory, "key" + k, "s1");
        CountingDataSource counting = new CountingDataSource(pool);
        try (JdbcMetadataStore s = JdbcMetadataStore.over(counting)) {
            long before = counting.executions();
            Map<String, String> found = s.lookup(directory, IntStream.range(0, 100).mapToObj(k -> "key" + k).toList());
            assertThat(counting.executions() - before).isEqualTo(1);
            assertThat(found).hasSize(34);
            before = counting.executions();
            assertThat(s.version()).isEqualTo(store.version());
            assertThat(counting.executions() - before).isEqualTo(1);
        }
    }

    @Test
    void instancesStartingAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        Db db = freshDatabase(tag() + "_startup");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Callable<String>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(() -> {
                start.await();
                try (JdbcMetadataStore s = JdbcMetadataStore.open(db.url(), db.user(), db.password())) {
                    return s.schemaVersion() + "/" + s.version();
                }
            });
        }
        // Flyway's lock on its history table lets one instance migrate while the others wait
        assertThat(runAll(tasks, start)).containsOnly("3/0");
    }

    @Test
    void storesWithTheirOwnPoolsRacingOnAssignLeaveOneOwnerPerKey(TestInfo test) throws Exception {
        String directory = directory(test);
        publishShards(8);
        Db db = currentDatabase();
        try (JdbcMetadataStore a = JdbcMetadataStore.open(db.url(), db.user(), db.password());
             JdbcMetadataStore b = JdbcMetadataStore.open(db.url(), db.user(), db.password())) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Callable<Map<String, String>>> tasks = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcMetadataStore s = t % 2 == 0 ? a : b; // two "application instances", four threads each
                String shard = "s" + t;
                tasks.add(() -> {
                    start.await();
                    Map<String, String> seen = new java.util.HashMap<>();
                    for (int k = 0; k < 100; k++) seen.put("k" + k, s.assign(directory, "k" + k, shard));
                    return seen;
                });
            }
            List<Map<String, String>> seen = runAll(tasks, start);
            Map<String, String> owners = store.lookup(directory, seen.get(0).keySet());
            assertThat(owners).hasSize(100);
            for (Map<String, String> m : seen) assertThat(m).isEqualTo(owners);
        }
    }

    @Test
    void aLookupOfThousandsOfKeysFindsThemAll(TestInfo test) throws SQLException {
        String directory = directory(test);
        List<String> keys = IntStream.range(0, 2500).mapToObj(k -> "t" + k).toList();
        for (int k = 0; k < keys.size(); k += 2) store.assign(directory, keys.get(k), "s" + (k % 3));
        CountingDataSource counting = new CountingDataSource(pool);
        try (JdbcMetadataStore s = JdbcMetadataStore.over(counting)) {
            long before = counting.executions();
            Map<String, String> found = s.lookup(directory, keys);
            // one array parameter on PostgreSQL and H2; IN lists of at most 1000 keys on MySQL/MariaDB
            assertThat(counting.executions() - before).isEqualTo(tag().equals("my") ? 3 : 1);
            assertThat(found).hasSize(1250);
            assertThat(found).containsEntry("t2498", "s" + (2498 % 3)).doesNotContainKey("t2499");
        }
    }

    @Test
    void keepsTheRowsOfTheLastVersionsOnly() throws SQLException {
        long v = store.version();
        for (int i = 0; i < JdbcMetadataStore.RETAINED_VERSIONS + 2; i++) v = store.publish(sample("s0"), v);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(topology_version), COUNT(DISTINCT topology_version) FROM sjdbc_shard")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(v - JdbcMetadataStore.RETAINED_VERSIONS + 1);
            assertThat(rs.getLong(2)).isEqualTo(JdbcMetadataStore.RETAINED_VERSIONS);
        }
        assertThat(store.placement().version()).isEqualTo(v);
    }
}
