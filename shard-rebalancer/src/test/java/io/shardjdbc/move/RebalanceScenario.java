package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.execute.TopologySource;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.topology.Topology;
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
 * {@code jdbc:shard:} with a ledger of every acknowledged write, and a rebalance onto all four (or, for a range
 * table, a split of its last range onto a third shard, and its reverse).
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
        Deployed d = whileWriting(dialect, dir, "sjdbc_it_move_e2e_", 4,
                "  customer: { key: id, strategy: hash, buckets: " + BUCKETS + ", shards: [s0, s1] }\n",
                "rebalance", "customer", "--shards", "s0,s1,s2,s3", "--chunk", "500");
        List<String> map = d.placement().groups().get("customer").buckets();
        assertThat(map).hasSize(BUCKETS);
        for (int i = 0; i < 4; i++) assertThat(java.util.Collections.frequency(map, "s" + i)).as("buckets on s" + i).isEqualTo(BUCKETS / 4);
    }

    /**
     * {@code split range} while writing: customer is range-sharded, {@code [, 2000)} on s0 and {@code [2000, )}
     * on s1; the split at 2500 moves {@code [2500, )} (loaded customers and every writer's) to s2. Afterwards
     * a new driver places keys at and above 2500 on s2; {@code reverse} then joins the ranges again on s1,
     * with every acknowledged write still there exactly once. Databases {@code split_e2e_<dialect>_*}.
     */
    static void splitWhileWritingKeepsEveryAcknowledgedWrite(Dialect dialect, Path dir) throws Exception {
        Deployed d = whileWriting(dialect, dir, "split_e2e_", 3,
                "  customer: { key: id, strategy: range, ranges: [ { below: 2000, shard: s0 }, { shard: s1 } ] }\n",
                "split", "range", "customer", "--at", "2500", "--to", "s2", "--chunk", "500");
        assertThat(d.placement().groups().get("customer").ranges()).containsExactly(new PlacementState.RangeEntry("2000", "s0"),
                new PlacementState.RangeEntry("2500", "s1"), new PlacementState.RangeEntry(null, "s2"));
        // the fence on s1 refuses what a stale writer would put there in the moved range
        try (Connection c = connect(d.shards()[1]); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO customer (id, name, v) VALUES (2600, 'stale', 0)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(Fence.SQLSTATE));
        }
        // loaded customers either side of the split point written anew, and a new one far above it
        try (ShardDataSource driver = new ShardDataSource(d.config()); Connection c = driver.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM customer WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, name, v) VALUES (?, 'after', 0)")) {
            for (long id : new long[] {2499, 2500, 9_000_000}) {
                delete.setLong(1, id);
                delete.executeUpdate();
                insert.setLong(1, id);
                insert.executeUpdate();
            }
        }
        assertThat(ids(d.shards()[1], "SELECT id FROM customer WHERE name = 'after'")).containsExactly(2499L);
        assertThat(ids(d.shards()[2], "SELECT id FROM customer WHERE name = 'after' ORDER BY id")).containsExactly(2500L, 9_000_000L);
        d.ledger().put(2499L, 0);
        d.ledger().put(2500L, 0);
        d.ledger().put(9_000_000L, 0);

        String split;
        try (JdbcMetadataStore reader = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            split = reader.moves().list().get(0).id();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "reverse", split))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        PlacementState back = assertEveryWriteOnceWhereTheTopologySays(dialect, d);
        assertThat(back.groups().get("customer").ranges()).containsExactly(new PlacementState.RangeEntry("2000", "s0"),
                new PlacementState.RangeEntry(null, "s1"));
        assertThat(count(d.shards()[2], "SELECT count(*) FROM customer")).as("rows left on s2 after the reverse").isZero();
        // what the split would move again: counted on s1, the customers and orders from 2500 up
        long rows = count(d.shards()[1], "SELECT count(*) FROM customer WHERE id >= 2500")
                + count(d.shards()[1], "SELECT count(*) FROM orders WHERE customer_id >= 2500");
        out = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "plan", "customer", "--at", "2500"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        assertThat(out.toString()).contains("customer: range [2500, ) on s1 moves " + rows + " rows");
    }

    /**
     * A deployment after a scenario: its store and shards, the config, the ledger of acknowledged writes
     * (customer id to its number of updates) and the placement the store published last.
     */
    record Deployed(TestDatabases.Db store, TestDatabases.Db[] shards, Path config, Map<Long, Integer> ledger, int orders,
                    PlacementState placement) { }

    /**
     * Creates {@code shards} shard databases and a store ({@code prefix<pg|my>_...}), customer and its
     * co-located orders ({@code customerYaml} places customer) on s0 and s1, loads them, runs
     * {@code shardctl} with {@code command} while writers insert, update and delete through the driver,
     * and checks the outcome: shardctl exited 0, the application saw no error, every acknowledged write
     * is present exactly once on the shard the published topology names, no change capture is left,
     * verify exits 0 and every move is done.
     */
    static Deployed whileWriting(Dialect dialect, Path dir, String prefix, int shards, String customerYaml, String... command)
            throws Exception {
        prefix = prefix + (dialect == Dialect.POSTGRESQL ? "pg" : "my") + "_";
        TestDatabases.Db store = database(dialect, prefix + "store");
        TestDatabases.Db[] shard = new TestDatabases.Db[shards];
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int i = 0; i < shards; i++) {
            shard[i] = database(dialect, prefix + i);
            yaml.append("  s").append(i).append(": { url: '").append(shard[i].url()).append("', username: ").append(shard[i].user())
                    .append(", password: '").append(shard[i].password()).append("' }\n");
        }
        for (int i = 0; i < 2; i++) {
            exec(shard[i], "CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, v INT NOT NULL)",
                    "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DECIMAL(10,2))",
                    "CREATE INDEX orders_customer ON orders (customer_id)");
        }
        yaml.append("tables:\n").append(customerYaml)
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
            List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--json"));
            args.addAll(List.of(command));
            int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
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

        Deployed d = new Deployed(store, shard, config, ledger, orders.size(), null);
        PlacementState placement = assertEveryWriteOnceWhereTheTopologySays(dialect, d);
        return new Deployed(store, shard, config, ledger, orders.size(), placement);
    }

    /**
     * Every customer of the ledger exactly once, with its updates, on the shard the published topology
     * places it on; every order on its customer's shard; no change capture left on any shard; verify
     * exits 0; no move unfinished. Returns the published placement.
     */
    static PlacementState assertEveryWriteOnceWhereTheTopologySays(Dialect dialect, Deployed d) throws Exception {
        PlacementState state;
        try (JdbcMetadataStore reader = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            state = reader.placement();
        }
        ShardConfig config = ConfigLoader.load(d.config());
        Topology topology = Topology.of(config.withShards(TopologySource.shardsOf(config, state)), state);
        Placement placement = topology.group("customer");
        Map<Long, Integer> found = new HashMap<>();
        long orderRows = 0;
        for (int i = 0; i < d.shards().length; i++) {
            String name = "s" + i;
            try (Connection c = connect(d.shards()[i]); Statement st = c.createStatement()) {
                if (!exists(dialect, st, "customer")) continue;
                try (ResultSet rs = st.executeQuery("SELECT id, v FROM customer")) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        assertThat(found.put(id, rs.getInt(2))).as("customer " + id + " twice").isNull();
                        assertThat(topology.shardName(placement.shardOf(id))).as("shard of customer " + id).isEqualTo(name);
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT customer_id FROM orders")) {
                    while (rs.next()) {
                        orderRows++;
                        assertThat(topology.shardName(placement.shardOf(rs.getLong(1)))).isEqualTo(name);
                    }
                }
            }
            assertThat(captureLeftovers(dialect, d.shards()[i])).as("change capture left on " + name).isZero();
        }
        assertThat(found).isEqualTo(d.ledger());
        assertThat(orderRows).isEqualTo(d.orders());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        out = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "--json", "moves"))
                .isEqualTo(ShardCtl.OK);
        assertThat(out.toString()).contains("\"state\" : \"DONE\"").doesNotContain("COPYING").doesNotContain("FENCED");
        return state;
    }

    private static boolean exists(Dialect dialect, Statement st, String table) throws SQLException {
        return count(st, "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "' AND table_schema = "
                + (dialect == Dialect.POSTGRESQL ? "current_schema()" : "DATABASE()")) > 0;
    }

    private static List<Long> ids(TestDatabases.Db db, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static long count(TestDatabases.Db db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            return count(st, sql);
        }
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
