package io.shardjdbc.benchmarks.federation;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.execute.ShardRuntime;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Federated queries through {@code jdbc:shard:} (4 shard databases) against the same queries on one
 * PostgreSQL database holding every row: latency per execution (median, p90, mean over the measured
 * runs) and the rows federation fetches from the shards per execution, next to the rows of the
 * answer. The answers of both targets are compared before anything is timed.
 *
 * <p>Data: customers (10,000, hashed on customer_id), their orders (100,000, co-located) and
 * products (1,000, hashed on product_id), so a join of orders and products crosses shards. The
 * databases {@code sjdbc_bench_fed_0..3} and {@code sjdbc_bench_fed_ref} are dropped and recreated
 * on every run.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.federation.FederationBenchmark [--warmup 20] [--runs 50]
 *      [--pg jdbc:postgresql://127.0.0.1:5432/] [--user postgres] [--password ""]
 * </pre>
 */
public final class FederationBenchmark {
    static final int SHARDS = 4;
    static final int CUSTOMERS = 10_000;
    static final int ORDERS = 100_000;
    static final int PRODUCTS = 1_000;
    static final String PREFIX = "sjdbc_bench_fed_";

    /** The queries measured: a name, the SQL, and what makes it federated. */
    record Query(String name, String sql) { }

    static final List<Query> QUERIES = List.of(
            new Query("selective join (one day of orders x dear products)",
                    "SELECT p.category, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN products p ON p.product_id = o.product_id "
                            + "WHERE o.order_date = DATE '2024-03-01' AND p.price >= 50 GROUP BY p.category ORDER BY p.category"),
            new Query("join of one customer's orders with products",
                    "SELECT o.order_id, p.category, o.amount FROM orders o JOIN products p ON p.product_id = o.product_id "
                            + "WHERE o.customer_id = 4242 ORDER BY o.order_id"),
            new Query("window over a month of orders",
                    "SELECT customer_id, order_id, RANK() OVER (PARTITION BY customer_id ORDER BY amount DESC, order_id) AS r "
                            + "FROM orders WHERE order_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31' ORDER BY customer_id, order_id"),
            new Query("whole-table join (every order x dear products)",
                    "SELECT p.category, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN products p ON p.product_id = o.product_id "
                            + "WHERE p.price >= 50 GROUP BY p.category ORDER BY p.category"));

    private FederationBenchmark() { }

    /** The command line both federation benchmarks take. */
    record Options(String pg, String user, String password, int warmup, int runs) {
        static Options parse(String[] args, String name, int warmup, int runs) {
            String pg = "jdbc:postgresql://127.0.0.1:5432/";
            String user = "postgres";
            String password = "";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pg" -> pg = args[++i];
                    case "--user" -> user = args[++i];
                    case "--password" -> password = args[++i];
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    default -> {
                        System.err.println("usage: " + name + " [--warmup N] [--runs N] [--pg URL] [--user U] [--password P]");
                        System.exit(2);
                    }
                }
            }
            return new Options(pg, user, password, warmup, runs);
        }

        Properties auth() {
            Properties auth = new Properties();
            auth.setProperty("user", user);
            auth.setProperty("password", password);
            return auth;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, "FederationBenchmark", 20, 50);
        String pg = o.pg(), user = o.user(), password = o.password();
        int warmup = o.warmup(), runs = o.runs();
        Properties auth = o.auth();
        recreate(pg, auth, databases(), SCHEMA);
        Path config = writeConfig(pg, user, password);
        try (ShardDataSource ds = new ShardDataSource(config);
             Connection sharded = ds.getConnection();
             Connection single = DriverManager.getConnection(pg + PREFIX + "ref", auth)) {
            long t0 = System.nanoTime();
            load(sharded);
            load(single);
            analyze(pg, auth, databases());
            System.out.printf(Locale.ROOT, "loaded %,d customers, %,d orders, %,d products into 4 shards and one database in %.1f s%n",
                    CUSTOMERS, ORDERS, PRODUCTS, (System.nanoTime() - t0) / 1e9);
            System.out.println();
            System.out.println("| query | answer rows | rows fetched from the shards | one database: median / p90 / mean ms "
                    + "| shard-jdbc federated: median / p90 / mean ms | ratio of medians |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Query q : QUERIES) {
                List<String> expected = answer(single, q.sql());
                List<String> actual = answer(sharded, q.sql());
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("the federated answer differs from the single database's for " + q.name()
                            + ":\n  one database: " + head(expected) + "\n  shard-jdbc:   " + head(actual));
                }
                long before = rowsFetched(ds, SHARDS);
                answer(sharded, q.sql());
                long fetched = rowsFetched(ds, SHARDS) - before;
                double[] one = time(single, q.sql(), warmup, runs);
                double[] fed = time(sharded, q.sql(), warmup, runs);
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.1fx |%n",
                        q.name(), expected.size(), fetched, one[0], one[1], one[2], fed[0], fed[1], fed[2], fed[0] / one[0]);
            }
        }
    }

    /** Rows federated queries fetched from all shards so far (the driver's shardjdbc.federation.rows counts). */
    static long rowsFetched(ShardDataSource ds, int shards) throws SQLException {
        ShardRuntime runtime = ds.unwrap(ShardRuntime.class);
        long n = 0;
        for (int s = 0; s < shards; s++) n += runtime.federatedRows(s);
        return n;
    }

    private static String head(List<String> rows) {
        return rows.size() <= 5 ? rows.toString() : rows.subList(0, 5) + " ... (" + rows.size() + " rows)";
    }

    /** Median, p90 and mean milliseconds of {@code runs} executions after {@code warmup} unmeasured ones. */
    static double[] time(Connection c, String sql, int warmup, int runs) throws SQLException {
        for (int i = 0; i < warmup; i++) answer(c, sql);
        double[] ms = new double[runs];
        double sum = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            answer(c, sql);
            ms[i] = (System.nanoTime() - t) / 1e6;
            sum += ms[i];
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], sum / runs};
    }

    /** Every row, read completely, as text (numbers without trailing zeros, so both targets' scales compare). */
    static List<String> answer(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof BigDecimal d) v = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
                    sb.append(v).append('|');
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, region VARCHAR(10) NOT NULL, tier INT)",
            "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, product_id BIGINT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL, order_date DATE NOT NULL)",
            "CREATE INDEX orders_date ON orders (order_date)",
            "CREATE INDEX orders_customer ON orders (customer_id)",
            "CREATE TABLE products (product_id BIGINT PRIMARY KEY, category VARCHAR(20) NOT NULL, price DECIMAL(10,2) NOT NULL)");

    /** Drops and creates each database with the schema's statements. */
    static void recreate(String pg, Properties auth, List<String> databases, List<String> schema) throws SQLException {
        try (Connection admin = DriverManager.getConnection(pg + "postgres", auth); Statement st = admin.createStatement()) {
            for (String db : databases) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + db);
                try (Connection c = DriverManager.getConnection(pg + db, auth); Statement s = c.createStatement()) {
                    for (String ddl : schema) s.execute(ddl);
                }
            }
        }
    }

    private static Path writeConfig(String pg, String user, String password) throws IOException {
        StringBuilder y = new StringBuilder("shards:\n");
        for (int i = 0; i < SHARDS; i++) {
            y.append("  s").append(i).append(":\n    url: \"").append(pg).append(PREFIX).append(i).append("\"\n")
                    .append("    username: \"").append(user).append("\"\n    password: \"").append(password).append("\"\n");
        }
        y.append("""
                tables:
                  customers: { key: customer_id, strategy: hash }
                  orders:    { key: customer_id, colocate: customers }
                  products:  { key: product_id, strategy: hash }
                federation-row-budget: 1000000
                """);
        Path file = Files.createTempFile("sjdbc-bench-fed-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, y);
        return file;
    }

    /** The same rows into either target, in batches; every value a function of the row number. */
    private static void load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        String[] regions = {"north", "south", "east", "west"};
        String[] categories = {"books", "garden", "tools", "toys", "food", "music", "sports", "games"};
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, region, tier) VALUES (?, ?, ?, ?)")) {
            for (long i = 1; i <= CUSTOMERS; i++) {
                ps.setLong(1, i);
                ps.setString(2, "customer " + i);
                ps.setString(3, regions[(int) (i % regions.length)]);
                ps.setInt(4, (int) (i % 5));
                ps.addBatch();
                if (i % 1000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (product_id, category, price) VALUES (?, ?, ?)")) {
            for (long i = 1; i <= PRODUCTS; i++) {
                ps.setLong(1, i);
                ps.setString(2, categories[(int) (i % categories.length)]);
                ps.setBigDecimal(3, BigDecimal.valueOf((i * 7919) % 10000 + 100, 2));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        LocalDate start = LocalDate.parse("2024-01-01");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, customer_id, product_id, amount, order_date) VALUES (?, ?, ?, ?, ?)")) {
            for (long i = 1; i <= ORDERS; i++) {
                ps.setLong(1, i);
                ps.setLong(2, (i * 7) % CUSTOMERS + 1);
                ps.setLong(3, (i * 13) % PRODUCTS + 1);
                ps.setBigDecimal(4, BigDecimal.valueOf((i * 104729) % 50000 + 50, 2));
                ps.setDate(5, java.sql.Date.valueOf(start.plusDays(i % 366)));
                ps.addBatch();
                if (i % 2000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Fresh statistics on every database, so both targets' plans start from the same knowledge. */
    static void analyze(String pg, Properties auth, List<String> databases) throws SQLException {
        for (String db : databases) {
            try (Connection c = DriverManager.getConnection(pg + db, auth); Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }

    private static List<String> databases() {
        List<String> dbs = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) dbs.add(PREFIX + i);
        dbs.add(PREFIX + "ref");
        return dbs;
    }
}
