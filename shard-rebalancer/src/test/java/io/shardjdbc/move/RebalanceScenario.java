package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.topology.Fence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code shardctl rebalance} end to end, on PostgreSQL or on MariaDB: four shards with a customer table and its
 * co-located orders on two of them, writer threads inserting, updating and deleting through
 * {@code jdbc:shard:} with a ledger of every acknowledged write, and a rebalance onto all four.
 * Afterwards every acknowledged write is present exactly once, on the shard the new topology names;
 * nothing of the moved buckets is left on the sources; {@code verify} exits 0; every move is done and
 * nothing of the change capture is left (no replication slot, no marker row). Databases
 * {@code sjdbc_it_move_e2e_<dialect>_*}; the test classes per database run it.
 */
final class RebalanceScenario {
    private static final int BUCKETS = 64;
    private static final int WRITERS = 4;
    private static final int LOADED = 3_000;

    private RebalanceScenario() { }

    /** A fresh database of the dialect's test server. */
    private static TestDatabases.Db database(Dialect dialect, String name) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? TestDatabases.postgres(name) : TestDatabases.mariaDb(name);
    }

    /** Runs the scenario on shards and store of {@code dialect}, with the config in {@code dir}. */
    static void rebalanceWhileWritingKeepsEveryAcknowledgedWrite(Dialect dialect, Path dir) throws Exception {
        String prefix = "sjdbc_it_move_e2e_" + (dialect == Dialect.POSTGRESQL ? "pg" : "my") + "_";
        TestDatabases.Db store = database(dialect, prefix + "store");
        TestDatabases.Db[] shard = new TestDatabases.Db[4];
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int i = 0; i < 4; i++) {
            shard[i] = database(dialect, prefix + i);
            yaml.append("  s").append(i).append(": { url: '").append(shard[i].url()).append("', username: ").append(shard[i].user())
                    .append(", password: '").append(shard[i].password()).append("' }\n");
        }
        for (int i = 0; i < 2; i++) {
            exec(shard[i], "CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, v INT NOT NULL)",
                    "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DECIMAL(10,2))",
                    "CREATE INDEX orders_customer ON orders (customer_id)");
        }
        yaml.append("tables:\n")
                .append("  customer: { key: id, strategy: hash, buckets: ").append(BUCKETS).append(", shards: [s0, s1] }\n")
                .append("  orders: { key: customer_id, colocate: customer }\n")
                .append("metadata:\n  url: '").append(store.url()).append(store.url().contains("?") ? "&" : "?").append("user=")
                .append(store.user()).append("&password=").append(store.password()).append("'\n  refresh-interval: 100ms\n");
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, yaml);

        Map<Long, Integer> ledger = new ConcurrentHashMap<>();
        Map<Long, Integer> orders = new ConcurrentHashMap<>();
        try (ShardDataSource driver = new ShardDataSource(config)) {
            try (Connection c = driver.getConnection();
                 PreparedStatement cu = c.prepareStatement("INSERT INTO customer (id, name, v) VALUES (?, ?, 0)");
                 PreparedStatement or = c.prepareStatement("INSERT INTO orders (order_id, customer_id, amount) VALUES (?, ?, 9.99)")) {
                for (long id = 1; id <= LOADED; id++) {
                    cu.setLong(1, id);
                    cu.setString(2, "c" + id);
                    cu.executeUpdate();
                    ledger.put(id, 0);
                    or.setLong(1, id * 10);
                    or.setLong(2, id);
                    or.executeUpdate();
                    orders.put(id * 10, (int) id);
                }
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong fenced = new AtomicLong();
            List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(driver, writer, stop, ledger, acknowledged, fenced, errors)));
            }
            // the writers are under way before the rebalance starts
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.get() < 200 && System.nanoTime() < deadline) Thread.sleep(10);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(),
                    "rebalance", "customer", "--shards", "s0,s1,s2,s3", "--chunk", "500");
            long afterRebalance = acknowledged.get();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.get() < afterRebalance + 200 && System.nanoTime() < deadline) Thread.sleep(10);
            stop.set(true);
            for (Future<?> f : writers) f.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(code).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
            assertThat(errors).as("errors the application saw (besides the fence's refusals: %d)", fenced.get()).isEmpty();
            assertThat(out.toString()).contains("\"state\":\"DONE\"");
        }

        // every acknowledged write exactly once, on the shard the new topology names
        List<String> map = new ArrayList<>();
        try (Connection c = connect(store); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT shard FROM sjdbc_bucket WHERE group_name = 'customer' AND topology_version = "
                     + "(SELECT topology_version FROM sjdbc_topology) ORDER BY bucket")) {
            while (rs.next()) map.add(rs.getString(1));
        }
        assertThat(map).hasSize(BUCKETS);
        for (int i = 0; i < 4; i++) assertThat(java.util.Collections.frequency(map, "s" + i)).as("buckets on s" + i).isEqualTo(BUCKETS / 4);
        HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
        Map<Long, Integer> found = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            try (Connection c = connect(shard[i]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, v FROM customer")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    assertThat(found.put(id, rs.getInt(2))).as("customer " + id + " twice").isNull();
                    assertThat(map.get(hash.bucketOf(id))).as("shard of customer " + id).isEqualTo("s" + i);
                }
            }
            try (Connection c = connect(shard[i]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT customer_id FROM orders")) {
                while (rs.next()) assertThat(map.get(hash.bucketOf(rs.getLong(1)))).isEqualTo("s" + i);
            }
            assertThat(captureLeftovers(dialect, shard[i])).as("change capture left on s" + i).isZero();
        }
        assertThat(found).isEqualTo(ledger);
        long orderRows = 0;
        for (int i = 0; i < 4; i++) {
            try (Connection c = connect(shard[i]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
                rs.next();
                orderRows += rs.getLong(1);
            }
        }
        assertThat(orderRows).isEqualTo(orders.size());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        out = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "--json", "moves"))
                .isEqualTo(ShardCtl.OK);
        assertThat(out.toString()).contains("\"state\" : \"DONE\"").doesNotContain("COPYING").doesNotContain("FENCED");
    }

    /**
     * One writer: inserts customers of its own id range, updates and deletes its own customers; a write
     * counts (in the ledger) once the driver acknowledged it. A write the fence refused did not happen.
     */
    private static void write(ShardDataSource driver, int writer, AtomicBoolean stop, Map<Long, Integer> ledger,
                              AtomicLong acknowledged, AtomicLong fenced, List<String> errors) {
        Random random = new Random(writer);
        long next = 1_000_000L * (writer + 1);
        List<Long> mine = new ArrayList<>();
        try (Connection c = driver.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, name, v) VALUES (?, ?, 0)");
             PreparedStatement update = c.prepareStatement("UPDATE customer SET v = v + 1 WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM customer WHERE id = ?")) {
            while (!stop.get()) {
                int op = random.nextInt(10);
                long id;
                try {
                    if (op < 4 || mine.size() < 10) {
                        id = next++;
                        insert.setLong(1, id);
                        insert.setString(2, "w" + writer);
                        insert.executeUpdate();
                        ledger.put(id, 0);
                        mine.add(id);
                    } else if (op < 8) {
                        // also customers of the initial load: writers share none of them (id % WRITERS)
                        id = random.nextBoolean() ? mine.get(random.nextInt(mine.size())) : 1 + WRITERS * random.nextInt(LOADED / WRITERS) + writer;
                        if (!ledger.containsKey(id)) continue;
                        update.setLong(1, id);
                        int n = update.executeUpdate();
                        if (n != 1) {
                            errors.add("update of customer " + id + " changed " + n + " rows");
                            continue;
                        }
                        ledger.merge(id, 1, Integer::sum);
                    } else {
                        id = mine.remove(random.nextInt(mine.size()));
                        delete.setLong(1, id);
                        int n = delete.executeUpdate();
                        if (n != 1) {
                            errors.add("delete of customer " + id + " changed " + n + " rows");
                            continue;
                        }
                        ledger.remove(id);
                    }
                    acknowledged.incrementAndGet();
                } catch (SQLException e) {
                    if (Fence.refused(e)) fenced.incrementAndGet();
                    else errors.add(e.getSQLState() + " " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            errors.add(e.getSQLState() + " " + e.getMessage());
        }
    }

    /** Replication slots (PostgreSQL) or marker rows (MySQL/MariaDB) of moves left in a shard's database. */
    private static long captureLeftovers(Dialect dialect, TestDatabases.Db db) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) return count(st, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()");
            boolean markers = count(st, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '"
                    + MyCapture.MARKER_TABLE + "'") > 0;
            return markers ? count(st, "SELECT COUNT(*) FROM " + MyCapture.MARKER_TABLE) : 0;
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(TestDatabases.Db db, String... sql) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    private static Connection connect(TestDatabases.Db db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.url(), p);
    }
}
