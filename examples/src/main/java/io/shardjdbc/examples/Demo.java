package io.shardjdbc.examples;

import io.shardjdbc.ShardDriver;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's first command: four shard databases in one embedded PostgreSQL, an application that
 * talks to them through one {@code jdbc:shard:} URL, and a look at where every statement went.
 *
 * <p>The demo creates the tables through the driver (DDL is broadcast), loads a few thousand rows
 * (prepared-statement batches and multi-row INSERTs), counts the rows of each shard database
 * directly and through a {@code /* shard: sN *&#47;} hint, then runs point, IN-list, range,
 * broadcast and scatter statements and prints each one's route next to its result.
 */
public final class Demo {
    /** The shard names, each a database {@code shardN} of the embedded server. */
    public static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");
    /** The logical tables, in the order they are created and reported. */
    public static final List<String> TABLES = List.of("countries", "customer", "orders", "events");

    static final int CUSTOMERS = 1000;
    static final int ORDERS_PER_CUSTOMER = 3;
    static final int EVENTS = 2000;
    static final int EVENTS_PER_INSERT = 100;
    static final int BATCH = 250;
    static final LocalDateTime EVENTS_FROM = LocalDateTime.of(2024, 7, 1, 0, 0);
    static final String[][] COUNTRIES = {
        {"DE", "Germany"}, {"FR", "France"}, {"IT", "Italy"}, {"ES", "Spain"},
        {"NL", "Netherlands"}, {"PL", "Poland"}, {"US", "United States"}, {"JP", "Japan"},
    };

    /** The config: the four shards, then how each table is placed. */
    static final String TABLES_YAML = """
            tables:
              customer:  { key: customer_id, strategy: hash }          # 1024 hash buckets spread over s0..s3
              orders:    { key: customer_id, colocate: customer }       # an order lives with its customer
              events:    { key: created_at, strategy: range,            # one quarter of a year per shard
                           ranges: [ { below: "2024-10-01", shard: s0 }, { below: "2025-01-01", shard: s1 },
                                     { below: "2025-04-01", shard: s2 }, { shard: s3 } ] }
              countries: { broadcast: true }                            # a full copy on every shard
            pool:
              maximum-pool-size: 4
            """;

    static final String[] DDL = {
        "CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE customer (customer_id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL,"
                + " country char(2) NOT NULL, created_at timestamp NOT NULL DEFAULT now())",
        "CREATE TABLE orders (order_id bigint NOT NULL, customer_id bigint NOT NULL, status varchar(16) NOT NULL,"
                + " total numeric(12,2) NOT NULL, created_at timestamp NOT NULL, PRIMARY KEY (customer_id, order_id))",
        "CREATE TABLE events (event_id bigint NOT NULL, created_at timestamp NOT NULL, kind varchar(16) NOT NULL,"
                + " payload text, PRIMARY KEY (created_at, event_id))",
        "CREATE INDEX orders_created_at ON orders (created_at)",
    };

    /** One statement the demo runs, and how to find the rows it is about when reading a shard directly. */
    public record Query(String title, String table, String sql, List<Object> params, String rowsSql) {
        Query(String title, String table, String sql, Object... params) {
            this(title, table, sql, List.of(params), sql);
        }
    }

    static final List<Query> QUERIES = List.of(
            new Query("point read on a hash-sharded table", "customer",
                    "SELECT customer_id, name, country FROM customer WHERE customer_id = ?", 42L),
            new Query("join of co-located tables runs inside one shard", "orders",
                    "SELECT o.order_id, o.status, o.total, c.name FROM orders o JOIN customer c"
                            + " ON c.customer_id = o.customer_id WHERE o.customer_id = ? ORDER BY o.order_id", 42L),
            new Query("IN list: each shard gets only its own keys", "customer",
                    "SELECT customer_id, name FROM customer WHERE customer_id IN (?, ?, ?, ?, ?)", 7L, 42L, 501L, 3L, 4L),
            new Query("range inside one range of the range-sharded table", "events",
                    "SELECT event_id, kind, created_at FROM events WHERE created_at >= ? AND created_at < ?",
                    LocalDateTime.of(2024, 11, 1, 0, 0), LocalDateTime.of(2024, 11, 3, 0, 0)),
            new Query("range across a range boundary", "events",
                    "SELECT event_id, kind, created_at FROM events WHERE created_at BETWEEN ? AND ?",
                    LocalDateTime.of(2024, 12, 31, 0, 0), LocalDateTime.of(2025, 1, 1, 12, 0)),
            new Query("broadcast table: read from one shard", "countries",
                    "SELECT code, name FROM countries WHERE code = ?", "DE"),
            new Query("no shard key: scatter to every shard, rows concatenated", "customer",
                    "SELECT customer_id, name FROM customer WHERE email = ?", "c777@example.com"),
            new Query("point update", "orders",
                    "UPDATE orders SET status = 'PAID' WHERE customer_id = ? AND order_id = ?",
                    List.of(77L, 772L), "SELECT order_id, status FROM orders WHERE customer_id = ? AND order_id = ?"));

    /** Queries whose answer needs rows of every shard: merged by the driver, or planned across shards. */
    static final List<Query> ACROSS_SHARDS = List.of(
            new Query("GROUP BY over every shard: each shard counts and sums its own rows, the driver adds them up",
                    "orders", "SELECT c.country, COUNT(*) AS orders, SUM(o.total) AS total FROM orders o"
                            + " JOIN customer c ON c.customer_id = o.customer_id GROUP BY c.country ORDER BY total DESC, c.country"),
            new Query("deep page: each shard is probed at its share of the offset, then asked only for the rows"
                    + " between the probed keys", "orders",
                    "SELECT order_id, customer_id, total FROM orders ORDER BY order_id LIMIT 5 OFFSET 2500"),
            new Query("window function over rows of every shard (federation: Calcite plans it, the shards do the"
                    + " filtering)", "events",
                    "SELECT kind, event_id, created_at FROM (SELECT kind, event_id, created_at, ROW_NUMBER() OVER"
                            + " (PARTITION BY kind ORDER BY created_at DESC) AS rn FROM events WHERE created_at >= ?) t"
                            + " WHERE rn = 1 ORDER BY kind", LocalDateTime.of(2025, 3, 1, 0, 0)),
            new Query("join on a column that is not the shard key (federation)", "events",
                    "SELECT c.country, COUNT(*) AS events FROM events e JOIN customer c ON c.customer_id = e.event_id"
                            + " WHERE e.kind = ? GROUP BY c.country ORDER BY c.country", "purchase"));

    /** What the demo did, for callers that check it (the test). */
    public record Report(String configYaml, Map<String, Integer> inserted,
                         Map<String, Map<String, Long>> rowsPerShard, Map<String, Long> hintedCustomerCounts,
                         List<Outcome> outcomes, List<Outcome> acrossShards) { }

    /** One query's route and result. */
    public record Outcome(Query query, List<String> route, List<List<Object>> rows, int updateCount) { }

    private final EmbeddedPostgres pg;
    private final PrintStream out;

    private Demo(EmbeddedPostgres pg, PrintStream out) {
        this.pg = pg;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Starting one embedded PostgreSQL for 4 shard databases...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            run(pg, System.out);
        }
        System.out.println("Done: every connection closed, the embedded PostgreSQL stopped.");
    }

    /** Runs the whole demo on a started server (it creates databases shard0..shard3 in it). */
    public static Report run(EmbeddedPostgres pg, PrintStream out) throws Exception {
        return new Demo(pg, out).run();
    }

    private Report run() throws Exception {
        createShardDatabases();
        String yaml = config();
        Path file = Files.createTempFile("shards-", ".yaml");
        try {
            Files.writeString(file, yaml);
            out.println("PostgreSQL " + serverVersion() + " on port " + pg.getPort() + ", shards " + SHARDS
                    + " = databases shard0..shard3");
            out.println("Config " + file + ":");
            TABLES_YAML.lines().takeWhile(l -> !l.startsWith("pool:")).forEach(l -> out.println("  " + l));
            String url = "jdbc:shard:" + file;
            out.println("Connecting to " + url);
            try (Connection conn = DriverManager.getConnection(url)) {
                // the logical connection also answers "where would this statement go?"
                ShardConnection explainer = conn.unwrap(ShardConnection.class);
                createTables(conn, explainer);
                Map<String, Integer> inserted = load(conn, explainer);
                Map<String, Map<String, Long>> perShard = rowsPerShard();
                Map<String, Long> hinted = hintedCounts(conn);
                printRowsPerShard(inserted, perShard, hinted);
                List<Outcome> outcomes = new ArrayList<>();
                out.println();
                out.println("== Queries and their routes");
                int n = 1;
                for (Query q : QUERIES) outcomes.add(runQuery(n++, q, conn, explainer));
                out.println();
                out.println("== Answers that need every shard's rows (the same answer one database would give)");
                List<Outcome> across = new ArrayList<>();
                for (Query q : ACROSS_SHARDS) across.add(runAcross(n++, q, conn, explainer));
                return new Report(yaml, inserted, perShard, hinted, outcomes, across);
            } finally {
                // connections are closed; now the physical pools behind the URL
                ((ShardDriver) DriverManager.getDriver(url)).closeRuntimes();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- setup ---------------------------------------------------------------------------------

    private void createShardDatabases() throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (int i = 0; i < SHARDS.size(); i++) st.execute("CREATE DATABASE shard" + i);
        }
    }

    private String serverVersion() throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        }
    }

    private String config() {
        StringBuilder sb = new StringBuilder("shards:\n");
        for (int i = 0; i < SHARDS.size(); i++) {
            sb.append("  ").append(SHARDS.get(i)).append(": { url: \"").append(shardUrl(i))
                    .append("\", username: postgres, password: postgres }\n");
        }
        return sb.append(TABLES_YAML).toString();
    }

    /** The plain PostgreSQL URL of one shard database. */
    String shardUrl(int shard) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/shard" + shard;
    }

    private void createTables(Connection conn, ShardConnection explainer) throws SQLException {
        out.println();
        out.println("== Schema, created through the driver (DDL goes to every shard)");
        try (Statement st = conn.createStatement()) {
            for (String ddl : DDL) {
                RoutePlan plan = explainer.explain(ddl);
                st.execute(ddl);
                out.printf("  %-45s -> %s%n", ddl.substring(0, ddl.indexOf('(')).trim(), shards(plan));
            }
        }
    }

    // ---- loading -------------------------------------------------------------------------------

    private Map<String, Integer> load(Connection conn, ShardConnection explainer) throws SQLException {
        out.println();
        out.println("== Loading rows through the driver");
        Map<String, Integer> inserted = new LinkedHashMap<>();

        // a broadcast table: one multi-row INSERT with literals, written to every shard
        StringBuilder countries = new StringBuilder("INSERT INTO countries (code, name) VALUES ");
        for (int i = 0; i < COUNTRIES.length; i++) {
            countries.append(i == 0 ? "" : ", ").append("('").append(COUNTRIES[i][0]).append("', '")
                    .append(COUNTRIES[i][1]).append("')");
        }
        try (Statement st = conn.createStatement()) {
            RoutePlan plan = explainer.explain(countries.toString());
            int n = st.executeUpdate(countries.toString());
            out.printf("  countries %5d rows: one multi-row INSERT with literals -> %s (a copy on each)%n", n, shards(plan));
            inserted.put("countries", n);
        }

        // a hash-sharded table: PreparedStatement batches, each batch routed row by row
        int customers = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO customer (customer_id, name, email, country) VALUES (?, ?, ?, ?)")) {
            for (long id = 1; id <= CUSTOMERS; id++) {
                ps.setLong(1, id);
                ps.setString(2, "Customer " + id);
                ps.setString(3, "c" + id + "@example.com");
                ps.setString(4, COUNTRIES[(int) (id % COUNTRIES.length)][0]);
                ps.addBatch();
                if (id % BATCH == 0 || id == CUSTOMERS) customers += sum(ps.executeBatch());
            }
        }
        out.printf("  customer  %5d rows: PreparedStatement batches of %d%n", customers, BATCH);
        inserted.put("customer", customers);

        // a co-located table: batches again; every order lands next to its customer
        int orders = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO orders (order_id, customer_id, status, total, created_at) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (long id = 1; id <= CUSTOMERS; id++) {
                for (int j = 1; j <= ORDERS_PER_CUSTOMER; j++) {
                    ps.setLong(1, id * 10 + j);
                    ps.setLong(2, id);
                    ps.setString(3, j == 1 ? "NEW" : "SHIPPED");
                    ps.setBigDecimal(4, BigDecimal.valueOf(id * 7 % 500 + j, 0).add(new BigDecimal("0.99")));
                    ps.setObject(5, EVENTS_FROM.plusHours(id * 5 + j));
                    ps.addBatch();
                    if (++pending == 2 * BATCH) {
                        orders += sum(ps.executeBatch());
                        pending = 0;
                    }
                }
            }
            if (pending > 0) orders += sum(ps.executeBatch());
        }
        out.printf("  orders    %5d rows: PreparedStatement batches of %d, co-located with customer%n", orders, 2 * BATCH);
        inserted.put("orders", orders);

        // a range-sharded table: multi-row INSERTs with parameters, split per shard by the router
        StringBuilder sql = new StringBuilder("INSERT INTO events (event_id, created_at, kind, payload) VALUES ");
        for (int i = 0; i < EVENTS_PER_INSERT; i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        String multiRow = sql.toString();
        String[] kinds = {"login", "view", "purchase", "logout"};
        int events = 0;
        RoutePlan firstSplit = null;
        try (PreparedStatement ps = conn.prepareStatement(multiRow)) {
            for (int from = 0; from < EVENTS; from += EVENTS_PER_INSERT) {
                List<Object> params = new ArrayList<>();
                for (int i = from; i < from + EVENTS_PER_INSERT; i++) {
                    params.add((long) i + 1);
                    params.add(eventTime(i));
                    params.add(kinds[i % kinds.length]);
                    params.add("{\"seq\": " + (i + 1) + "}");
                }
                for (int p = 0; p < params.size(); p++) ps.setObject(p + 1, params.get(p));
                if (firstSplit == null) firstSplit = explainer.explain(multiRow, params.toArray());
                events += ps.executeUpdate();
            }
        }
        out.printf("  events    %5d rows: %d multi-row INSERTs of %d rows each; the first was split as %s%n",
                events, EVENTS / EVENTS_PER_INSERT, EVENTS_PER_INSERT, rowsPerUnit(firstSplit, 4));
        inserted.put("events", events);
        return inserted;
    }

    /** Event {@code i}'s time: spread over a year, in an order that mixes the quarters in every INSERT. */
    static LocalDateTime eventTime(int i) {
        long slot = (long) i * 7919 % EVENTS; // 7919 is prime, so this visits every slot once
        return EVENTS_FROM.plusMinutes(slot * 365 * 24 * 60 / EVENTS);
    }

    private static int sum(int[] counts) {
        int s = 0;
        for (int c : counts) s += c == Statement.SUCCESS_NO_INFO ? 1 : c;
        return s;
    }

    private static String rowsPerUnit(RoutePlan plan, int paramsPerRow) {
        if (plan == null) return "(nothing)";
        return plan.units().stream().sorted(Comparator.comparingInt(RouteUnit::shard))
                .map(u -> u.shardName() + " " + u.parameterCount(EVENTS_PER_INSERT * paramsPerRow) / paramsPerRow + " rows")
                .collect(Collectors.joining(", "));
    }

    // ---- rows per shard ------------------------------------------------------------------------

    /** Row counts read straight from each shard database, bypassing the driver. */
    private Map<String, Map<String, Long>> rowsPerShard() throws SQLException {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String t : TABLES) counts.put(t, new LinkedHashMap<>());
        for (int i = 0; i < SHARDS.size(); i++) {
            try (Connection c = DriverManager.getConnection(shardUrl(i), "postgres", "postgres");
                 Statement st = c.createStatement()) {
                for (String t : TABLES) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                        rs.next();
                        counts.get(t).put(SHARDS.get(i), rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    /** The customer count of each shard through the driver, with a shard hint comment. */
    private Map<String, Long> hintedCounts(Connection conn) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = conn.createStatement()) {
            for (String s : SHARDS) {
                try (ResultSet rs = st.executeQuery("/* shard: " + s + " */ SELECT count(*) FROM customer")) {
                    rs.next();
                    counts.put(s, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private void printRowsPerShard(Map<String, Integer> inserted, Map<String, Map<String, Long>> perShard,
                                   Map<String, Long> hinted) {
        out.println();
        out.println("== Rows per shard (counted in each shard database directly)");
        StringBuilder head = new StringBuilder(String.format("  %-10s", "table"));
        for (String s : SHARDS) head.append(String.format("%8s", s));
        out.println(head.append(String.format("%8s", "total")));
        for (String t : TABLES) {
            StringBuilder line = new StringBuilder(String.format("  %-10s", t));
            long sum = 0;
            for (String s : SHARDS) {
                long n = perShard.get(t).get(s);
                sum += n;
                line.append(String.format("%8d", n));
            }
            if (t.equals("countries")) {
                line.append(String.format("%8d", inserted.get(t))).append("  (broadcast: every shard has all)");
            } else {
                line.append(String.format("%8d", sum));
            }
            out.println(line);
        }
        out.println("  through the driver, /* shard: sN */ SELECT count(*) FROM customer: "
                + hinted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
    }

    // ---- queries -------------------------------------------------------------------------------

    private Outcome runQuery(int n, Query q, Connection conn, ShardConnection explainer) throws SQLException {
        RoutePlan plan = explainer.explain(q.sql(), q.params().toArray());
        List<String> route = plan.units().stream().map(RouteUnit::shardName).toList();
        out.println();
        out.println("[" + n + "] " + q.title());
        out.println("    SQL    : " + q.sql());
        out.println("    params : " + q.params());
        out.println("    route  : " + String.join(", ", route));
        for (RouteUnit u : plan.units()) {
            if (!u.sql().equals(q.sql()) || u.parameterMap() != null) {
                out.println("             " + u.shardName() + ": " + u.sql() + "  " + physicalParams(u, q.params()));
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        int updateCount = -1;
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) ps.setObject(i + 1, q.params().get(i));
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 1; c <= cols; c++) row.add(rs.getObject(c));
                        rows.add(row);
                    }
                }
                out.println("    result : " + describe(rows));
            } else {
                updateCount = ps.getUpdateCount();
                out.println("    result : " + updateCount + " row(s) updated");
            }
        }
        return new Outcome(q, route, rows, updateCount);
    }

    private Outcome runAcross(int n, Query q, Connection conn, ShardConnection explainer) throws SQLException {
        RoutePlan plan = explainer.explain(q.sql(), q.params().toArray());
        out.println();
        out.println("[" + n + "] " + q.title());
        out.println("    SQL    : " + q.sql());
        if (!q.params().isEmpty()) out.println("    params : " + q.params());
        // the plan: which shards, how their rows combine, or the federated plan with each shard's SQL
        plan.toString().lines().limit(12).forEach(l -> out.println("    plan   : " + l));
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) ps.setObject(i + 1, q.params().get(i));
            try (ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= cols; c++) row.add(rs.getObject(c));
                    rows.add(row);
                }
            }
        }
        out.println("    result : " + describe(rows));
        return new Outcome(q, plan.units().stream().map(RouteUnit::shardName).toList(), rows, -1);
    }

    private static List<Object> physicalParams(RouteUnit u, List<Object> logical) {
        List<Object> p = new ArrayList<>();
        for (int i = 1; i <= u.parameterCount(logical.size()); i++) p.add(logical.get(u.logicalIndex(i) - 1));
        return p;
    }

    private static String describe(List<List<Object>> rows) {
        if (rows.isEmpty()) return "no rows";
        String shown = rows.stream().limit(3).map(r -> r.stream().map(Demo::show)
                .collect(Collectors.joining(", ", "(", ")"))).collect(Collectors.joining(" "));
        return rows.size() + (rows.size() == 1 ? " row: " : " rows: ") + shown + (rows.size() > 3 ? " ..." : "");
    }

    private static String show(Object value) {
        return value instanceof Timestamp t ? t.toLocalDateTime().toString() : String.valueOf(value);
    }

    private static String shards(RoutePlan plan) {
        return plan.units().stream().map(RouteUnit::shardName).collect(Collectors.joining(", "));
    }
}
