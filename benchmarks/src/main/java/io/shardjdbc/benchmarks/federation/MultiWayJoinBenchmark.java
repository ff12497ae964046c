package io.shardjdbc.benchmarks.federation;

import io.shardjdbc.ShardDataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Multi-way joins in the style of CH-benCHmark (TPC-H queries over a TPC-C schema) through
 * {@code jdbc:shard:} on 4 PostgreSQL shards, against the same queries on one database holding
 * every row: latency per execution, the rows federation fetches from the shards, and the rows the
 * single database's plan reads (the sum of the actual rows of its scan nodes, from
 * {@code EXPLAIN (ANALYZE, FORMAT JSON)}). Answers of both targets are compared before timing.
 *
 * <p>Schema sharded by warehouse: warehouse, district, customer, orders, order_line and stock
 * co-located on the warehouse id; item, supplier, nation and region broadcast. Order lines name a
 * supplying warehouse that is another warehouse for one line in ten, so joining order lines with
 * stock on the supplying warehouse is a join off the shard key. The databases
 * {@code sjdbc_bench_mwj_0..3} and {@code sjdbc_bench_mwj_ref} are dropped and recreated on every run.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.federation.MultiWayJoinBenchmark [--warmup 3] [--runs 10]
 *      [--pg jdbc:postgresql://127.0.0.1:5432/] [--user postgres] [--password ""]
 * </pre>
 */
public final class MultiWayJoinBenchmark {
    static final int SHARDS = 4;
    static final int WAREHOUSES = 8;
    static final int DISTRICTS = 10;
    static final int CUSTOMERS_PER_DISTRICT = 100;
    static final int ITEMS = 5_000;
    static final int SUPPLIERS = 1_000;
    static final int NATIONS = 25;
    static final String PREFIX = "sjdbc_bench_mwj_";

    private static final String ORDER_OF_LINE = "ol.ol_w_id = o.o_w_id AND ol.ol_d_id = o.o_d_id AND ol.ol_o_id = o.o_id";
    private static final String CUSTOMER_OF_ORDER = "c.c_w_id = o.o_w_id AND c.c_d_id = o.o_d_id AND c.c_id = o.o_c_id";
    private static final String STOCK_OF_LINE = "s.s_w_id = ol.ol_supply_w_id AND s.s_i_id = ol.ol_i_id";

    static final List<FederationBenchmark.Query> QUERIES = List.of(
            new FederationBenchmark.Query("Q5-like: revenue per nation of one region (7 tables, stock off the key)",
                    "SELECT n.n_name, SUM(ol.ol_amount) AS revenue FROM customer c, orders o, order_line ol, stock s, supplier su, "
                            + "nation n, region r WHERE " + CUSTOMER_OF_ORDER + " AND " + ORDER_OF_LINE + " AND " + STOCK_OF_LINE
                            + " AND s.s_su_suppkey = su.su_suppkey AND su.su_nationkey = n.n_nationkey AND n.n_regionkey = r.r_regionkey "
                            + "AND r.r_name = 'EUROPE' AND o.o_entry_d >= DATE '2024-06-01' GROUP BY n.n_name ORDER BY revenue DESC, n.n_name"),
            new FederationBenchmark.Query("Q9-like: amount per supplier nation and year (6 tables, stock off the key)",
                    "SELECT n.n_name, EXTRACT(YEAR FROM o.o_entry_d) AS y, SUM(ol.ol_amount) AS amount FROM item i, stock s, supplier su, "
                            + "order_line ol, orders o, nation n WHERE i.i_id = s.s_i_id AND s.s_su_suppkey = su.su_suppkey AND "
                            + STOCK_OF_LINE + " AND " + ORDER_OF_LINE + " AND su.su_nationkey = n.n_nationkey AND i.i_data LIKE '%BB' "
                            + "GROUP BY n.n_name, EXTRACT(YEAR FROM o.o_entry_d) ORDER BY n.n_name, y DESC"),
            new FederationBenchmark.Query("stock of one district's recent items (5 tables, stock off the key)",
                    "SELECT s.s_w_id, COUNT(*) AS lines, SUM(s.s_quantity) AS stock FROM district d, orders o, order_line ol, stock s, item i "
                            + "WHERE d.d_w_id = 3 AND d.d_id = 5 AND o.o_w_id = d.d_w_id AND o.o_d_id = d.d_id AND " + ORDER_OF_LINE
                            + " AND " + STOCK_OF_LINE + " AND i.i_id = ol.ol_i_id AND i.i_price > 50 AND o.o_entry_d >= DATE '2024-09-01' "
                            + "GROUP BY s.s_w_id ORDER BY s.s_w_id"),
            new FederationBenchmark.Query("Q8-like: a region's share per year (9 tables, stock off the key)",
                    "SELECT EXTRACT(YEAR FROM o.o_entry_d) AS y, SUM(CASE WHEN su.su_nationkey = 7 THEN ol.ol_amount ELSE 0 END) AS de, "
                            + "SUM(ol.ol_amount) AS total FROM item i, supplier su, stock s, order_line ol, orders o, customer c, "
                            + "nation n1, nation n2, region r WHERE i.i_id = s.s_i_id AND " + STOCK_OF_LINE + " AND s.s_su_suppkey = su.su_suppkey "
                            + "AND " + ORDER_OF_LINE + " AND " + CUSTOMER_OF_ORDER + " AND n1.n_nationkey = c.c_nationkey "
                            + "AND n1.n_regionkey = r.r_regionkey AND r.r_name = 'EUROPE' AND su.su_nationkey = n2.n_nationkey "
                            + "AND i.i_data LIKE '%b' GROUP BY EXTRACT(YEAR FROM o.o_entry_d) ORDER BY y"),
            new FederationBenchmark.Query("customers of one warehouse and the warehouses supplying them (6 tables, stock off the key)",
                    "SELECT s.s_w_id AS supplier_w, c.c_credit, COUNT(*) AS lines, SUM(ol.ol_quantity) AS qty FROM warehouse w, district d, "
                            + "customer c, orders o, order_line ol, stock s WHERE w.w_id = 5 AND d.d_w_id = w.w_id AND c.c_w_id = d.d_w_id "
                            + "AND c.c_d_id = d.d_id AND " + CUSTOMER_OF_ORDER + " AND " + ORDER_OF_LINE + " AND " + STOCK_OF_LINE
                            + " AND s.s_quantity < 50 GROUP BY s.s_w_id, c.c_credit ORDER BY s.s_w_id, c.c_credit"));

    private MultiWayJoinBenchmark() { }

    public static void main(String[] args) throws Exception {
        FederationBenchmark.Options o = FederationBenchmark.Options.parse(args, "MultiWayJoinBenchmark", 3, 10);
        String pg = o.pg(), user = o.user(), password = o.password();
        int warmup = o.warmup(), runs = o.runs();
        Properties auth = o.auth();
        List<String> databases = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) databases.add(PREFIX + i);
        databases.add(PREFIX + "ref");
        FederationBenchmark.recreate(pg, auth, databases, SCHEMA);
        Path config = writeConfig(pg, user, password);
        try (ShardDataSource ds = new ShardDataSource(config);
             Connection sharded = ds.getConnection();
             Connection single = DriverManager.getConnection(pg + PREFIX + "ref", auth)) {
            long t0 = System.nanoTime();
            load(sharded);
            load(single);
            FederationBenchmark.analyze(pg, auth, databases);
            System.out.printf(Locale.ROOT, "loaded %d warehouses into 4 shards and one database in %.1f s%n", WAREHOUSES,
                    (System.nanoTime() - t0) / 1e9);
            System.out.println();
            System.out.println("| query | answer rows | rows fetched from the shards | rows the single database's plan reads "
                    + "| one database: median / p90 ms | shard-jdbc federated: median / p90 ms | ratio of medians |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            List<Double> ratios = new ArrayList<>();
            for (FederationBenchmark.Query q : QUERIES) {
                List<String> expected = FederationBenchmark.answer(single, q.sql());
                List<String> actual = FederationBenchmark.answer(sharded, q.sql());
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("the federated answer differs from the single database's for " + q.name()
                            + ":\n  one database: " + expected + "\n  shard-jdbc:   " + actual);
                }
                long before = FederationBenchmark.rowsFetched(ds, SHARDS);
                FederationBenchmark.answer(sharded, q.sql());
                long fetched = FederationBenchmark.rowsFetched(ds, SHARDS) - before;
                long read = rowsRead(single, q.sql());
                double[] one = FederationBenchmark.time(single, q.sql(), warmup, runs);
                double[] fed = FederationBenchmark.time(sharded, q.sql(), warmup, runs);
                ratios.add(fed[0] / one[0]);
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.2f / %.2f | %.2f / %.2f | %.1fx |%n",
                        q.name(), expected.size(), fetched, read, one[0], one[1], fed[0], fed[1], fed[0] / one[0]);
            }
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%nratio of medians: median %.1fx, worst %.1fx%n", r[r.length / 2], r[r.length - 1]);
        }
    }

    /** The rows the single database's plan reads: the actual rows its scan nodes return, summed over loops. */
    private static long rowsRead(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            rs.next();
            String json = rs.getString(1);
            long total = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "\"Node Type\": \"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)\"[^{}]*?\"Actual Rows\": (\\d+),[^{}]*?\"Actual Loops\": (\\d+)")
                    .matcher(json);
            while (m.find()) total += Long.parseLong(m.group(2)) * Long.parseLong(m.group(3));
            return total;
        }
    }

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE warehouse (w_id INT PRIMARY KEY, w_name VARCHAR(10) NOT NULL)",
            "CREATE TABLE district (d_w_id INT NOT NULL, d_id INT NOT NULL, d_name VARCHAR(20) NOT NULL, PRIMARY KEY (d_w_id, d_id))",
            "CREATE TABLE customer (c_w_id INT NOT NULL, c_d_id INT NOT NULL, c_id INT NOT NULL, c_last VARCHAR(16) NOT NULL, "
                    + "c_credit CHAR(2) NOT NULL, c_nationkey INT NOT NULL, c_balance DECIMAL(12,2) NOT NULL, PRIMARY KEY (c_w_id, c_d_id, c_id))",
            "CREATE TABLE orders (o_w_id INT NOT NULL, o_d_id INT NOT NULL, o_id INT NOT NULL, o_c_id INT NOT NULL, "
                    + "o_entry_d DATE NOT NULL, o_ol_cnt INT NOT NULL, PRIMARY KEY (o_w_id, o_d_id, o_id))",
            "CREATE INDEX orders_entry ON orders (o_entry_d)",
            "CREATE TABLE order_line (ol_w_id INT NOT NULL, ol_d_id INT NOT NULL, ol_o_id INT NOT NULL, ol_number INT NOT NULL, "
                    + "ol_i_id INT NOT NULL, ol_supply_w_id INT NOT NULL, ol_quantity INT NOT NULL, ol_amount DECIMAL(8,2) NOT NULL, "
                    + "PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))",
            "CREATE TABLE stock (s_w_id INT NOT NULL, s_i_id INT NOT NULL, s_quantity INT NOT NULL, s_ytd INT NOT NULL, "
                    + "s_su_suppkey INT NOT NULL, PRIMARY KEY (s_w_id, s_i_id))",
            "CREATE TABLE item (i_id INT PRIMARY KEY, i_name VARCHAR(24) NOT NULL, i_price DECIMAL(5,2) NOT NULL, i_data VARCHAR(50) NOT NULL)",
            "CREATE TABLE supplier (su_suppkey INT PRIMARY KEY, su_name VARCHAR(25) NOT NULL, su_nationkey INT NOT NULL)",
            "CREATE TABLE nation (n_nationkey INT PRIMARY KEY, n_name VARCHAR(25) NOT NULL, n_regionkey INT NOT NULL)",
            "CREATE TABLE region (r_regionkey INT PRIMARY KEY, r_name VARCHAR(25) NOT NULL)");

    private static Path writeConfig(String pg, String user, String password) throws IOException {
        StringBuilder y = new StringBuilder("shards:\n");
        for (int i = 0; i < SHARDS; i++) {
            y.append("  s").append(i).append(":\n    url: \"").append(pg).append(PREFIX).append(i).append("\"\n")
                    .append("    username: \"").append(user).append("\"\n    password: \"").append(password).append("\"\n");
        }
        y.append("""
                tables:
                  warehouse:  { key: w_id, strategy: hash }
                  district:   { key: d_w_id, colocate: warehouse }
                  customer:   { key: c_w_id, colocate: warehouse }
                  orders:     { key: o_w_id, colocate: warehouse }
                  order_line: { key: ol_w_id, colocate: warehouse }
                  stock:      { key: s_w_id, colocate: warehouse }
                  item:       { broadcast: true }
                  supplier:   { broadcast: true }
                  nation:     { broadcast: true }
                  region:     { broadcast: true }
                federation-row-budget: 2000000
                """);
        Path file = Files.createTempFile("sjdbc-bench-mwj-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, y);
        return file;
    }

    /** The same rows into either target, in batches; every value a function of the row's numbers. */
    private static void load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        String[] regions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
        batch(c, "INSERT INTO region (r_regionkey, r_name) VALUES (?, ?)", regions.length, (ps, i) -> {
            ps.setInt(1, (int) i);
            ps.setString(2, regions[(int) i]);
        });
        batch(c, "INSERT INTO nation (n_nationkey, n_name, n_regionkey) VALUES (?, ?, ?)", NATIONS, (ps, i) -> {
            ps.setInt(1, (int) i);
            ps.setString(2, "nation " + i);
            ps.setInt(3, (int) (i % regions.length));
        });
        batch(c, "INSERT INTO supplier (su_suppkey, su_name, su_nationkey) VALUES (?, ?, ?)", SUPPLIERS, (ps, i) -> {
            ps.setInt(1, (int) i);
            ps.setString(2, "supplier " + i);
            ps.setInt(3, (int) ((i * 7) % NATIONS));
        });
        batch(c, "INSERT INTO item (i_id, i_name, i_price, i_data) VALUES (?, ?, ?, ?)", ITEMS, (ps, i) -> {
            ps.setInt(1, (int) i + 1);
            ps.setString(2, "item " + i);
            ps.setBigDecimal(3, BigDecimal.valueOf((i * 7919) % 9900 + 100, 2));
            ps.setString(4, "data " + i + (i % 7 == 0 ? "BB" : i % 5 == 0 ? "b" : "x"));
        });
        batch(c, "INSERT INTO warehouse (w_id, w_name) VALUES (?, ?)", WAREHOUSES, (ps, i) -> {
            ps.setInt(1, (int) i + 1);
            ps.setString(2, "wh " + i);
        });
        batch(c, "INSERT INTO district (d_w_id, d_id, d_name) VALUES (?, ?, ?)", WAREHOUSES * DISTRICTS, (ps, i) -> {
            ps.setInt(1, (int) (i / DISTRICTS) + 1);
            ps.setInt(2, (int) (i % DISTRICTS) + 1);
            ps.setString(3, "district " + i);
        });
        int customers = WAREHOUSES * DISTRICTS * CUSTOMERS_PER_DISTRICT;
        batch(c, "INSERT INTO customer (c_w_id, c_d_id, c_id, c_last, c_credit, c_nationkey, c_balance) VALUES (?, ?, ?, ?, ?, ?, ?)",
                customers, (ps, i) -> {
                    ps.setInt(1, (int) (i / (DISTRICTS * CUSTOMERS_PER_DISTRICT)) + 1);
                    ps.setInt(2, (int) (i / CUSTOMERS_PER_DISTRICT % DISTRICTS) + 1);
                    ps.setInt(3, (int) (i % CUSTOMERS_PER_DISTRICT) + 1);
                    ps.setString(4, "last " + (i % 1000));
                    ps.setString(5, i % 10 == 0 ? "BC" : "GC");
                    ps.setInt(6, (int) ((i * 13) % NATIONS));
                    ps.setBigDecimal(7, BigDecimal.valueOf((i * 104729) % 500000 - 1000, 2));
                });
        // one order per customer, its lines numbered 1..o_ol_cnt
        LocalDate start = LocalDate.parse("2024-01-01");
        batch(c, "INSERT INTO orders (o_w_id, o_d_id, o_id, o_c_id, o_entry_d, o_ol_cnt) VALUES (?, ?, ?, ?, ?, ?)", customers, (ps, i) -> {
            ps.setInt(1, (int) (i / (DISTRICTS * CUSTOMERS_PER_DISTRICT)) + 1);
            ps.setInt(2, (int) (i / CUSTOMERS_PER_DISTRICT % DISTRICTS) + 1);
            ps.setInt(3, (int) (i % CUSTOMERS_PER_DISTRICT) + 1);
            ps.setInt(4, (int) ((i * 37) % CUSTOMERS_PER_DISTRICT) + 1);
            ps.setDate(5, java.sql.Date.valueOf(start.plusDays((i * 11) % 366)));
            ps.setInt(6, lines(i));
        });
        List<long[]> lines = new ArrayList<>();
        for (long o = 0; o < customers; o++) for (int n = 1; n <= lines(o); n++) lines.add(new long[] {o, n});
        batch(c, "INSERT INTO order_line (ol_w_id, ol_d_id, ol_o_id, ol_number, ol_i_id, ol_supply_w_id, ol_quantity, ol_amount) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines.size(), (ps, i) -> {
                    long o = lines.get((int) i)[0];
                    int n = (int) lines.get((int) i)[1];
                    int w = (int) (o / (DISTRICTS * CUSTOMERS_PER_DISTRICT)) + 1;
                    ps.setInt(1, w);
                    ps.setInt(2, (int) (o / CUSTOMERS_PER_DISTRICT % DISTRICTS) + 1);
                    ps.setInt(3, (int) (o % CUSTOMERS_PER_DISTRICT) + 1);
                    ps.setInt(4, n);
                    ps.setInt(5, (int) ((o * 31 + n * 17) % ITEMS) + 1);
                    // one line in ten is supplied by the next warehouse: a join to stock off the shard key
                    ps.setInt(6, (o + n) % 10 == 0 ? w % WAREHOUSES + 1 : w);
                    ps.setInt(7, (int) ((o + n) % 10) + 1);
                    ps.setBigDecimal(8, BigDecimal.valueOf((o * 7 + n * 101) % 99900 + 100, 2));
                });
        batch(c, "INSERT INTO stock (s_w_id, s_i_id, s_quantity, s_ytd, s_su_suppkey) VALUES (?, ?, ?, ?, ?)", (long) WAREHOUSES * ITEMS,
                (ps, i) -> {
                    int w = (int) (i / ITEMS) + 1, item = (int) (i % ITEMS) + 1;
                    ps.setInt(1, w);
                    ps.setInt(2, item);
                    ps.setInt(3, (int) ((i * 7) % 91) + 10);
                    ps.setInt(4, (int) (i % 1000));
                    ps.setInt(5, (w * item) % SUPPLIERS);
                });
        c.commit();
        c.setAutoCommit(true);
    }

    private static int lines(long order) {
        return (int) (order % 11) + 5;
    }

    @FunctionalInterface
    private interface Row {
        void set(PreparedStatement ps, long i) throws SQLException;
    }

    private static void batch(Connection c, String sql, long count, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long i = 0; i < count; i++) {
                row.set(ps, i);
                ps.addBatch();
                if (i % 2000 == 1999) ps.executeBatch();
            }
            ps.executeBatch();
        }
    }
}
