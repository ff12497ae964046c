package io.shardjdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.BroadcastTable;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the whole demo on its own embedded PostgreSQL and checks what it printed against the shard
 * databases themselves: the rows-per-shard table adds up and is true, every row sits where its
 * table's strategy puts it, and every printed route names the shards that hold the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {
    private EmbeddedPostgres pg;
    private String output;
    private Demo.Report report;
    private Topology topology;

    @BeforeAll
    void runDemo() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            report = Demo.run(pg, out);
        }
        output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        topology = Topology.of(ConfigLoader.parse("demo", report.configYaml(), Map.of(), System::getenv));
    }

    @AfterAll
    void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @Test
    void printedRowsPerShardAddUpToWhatWasInserted() {
        Map<String, long[]> table = printedRowsPerShard();
        assertThat(table).containsOnlyKeys(Demo.TABLES);
        assertThat(report.inserted()).containsEntry("customer", Demo.CUSTOMERS)
                .containsEntry("orders", Demo.CUSTOMERS * Demo.ORDERS_PER_CUSTOMER)
                .containsEntry("events", Demo.EVENTS)
                .containsEntry("countries", Demo.COUNTRIES.length);
        for (String t : List.of("customer", "orders", "events")) {
            long[] row = table.get(t);
            long sum = 0;
            for (int s = 0; s < Demo.SHARDS.size(); s++) {
                assertThat(row[s]).as("%s rows on %s", t, Demo.SHARDS.get(s)).isPositive();
                sum += row[s];
            }
            assertThat(row[Demo.SHARDS.size()]).as("printed total of %s", t).isEqualTo(sum)
                    .isEqualTo(report.inserted().get(t).longValue());
        }
        long[] countries = table.get("countries");
        for (int s = 0; s <= Demo.SHARDS.size(); s++) assertThat(countries[s]).isEqualTo(Demo.COUNTRIES.length);
    }

    @Test
    void printedCountsAreTheShardDatabasesOwnAndTheHintedCountsAgree() throws SQLException {
        Map<String, long[]> table = printedRowsPerShard();
        for (String t : Demo.TABLES) {
            for (int s = 0; s < Demo.SHARDS.size(); s++) {
                assertThat(table.get(t)[s]).as("%s on %s", t, Demo.SHARDS.get(s))
                        .isEqualTo(directCount(s, "SELECT count(*) FROM " + t));
            }
        }
        Matcher m = Pattern.compile("SELECT count\\(\\*\\) FROM customer: (.*)").matcher(output);
        assertThat(m.find()).as("hinted counts line").isTrue();
        StringBuilder expected = new StringBuilder();
        for (int s = 0; s < Demo.SHARDS.size(); s++) {
            expected.append(s == 0 ? "" : " ").append(Demo.SHARDS.get(s)).append('=').append(table.get("customer")[s]);
        }
        assertThat(m.group(1).trim()).isEqualTo(expected.toString());
    }

    @Test
    void everyRowIsOnTheShardItsStrategyNames() throws SQLException {
        Placement customers = ((ShardedTable) topology.table("customer")).placement();
        Placement events = ((ShardedTable) topology.table("events")).placement();
        for (int s = 0; s < Demo.SHARDS.size(); s++) {
            try (Connection c = shard(s); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT customer_id FROM customer UNION ALL SELECT customer_id FROM orders")) {
                    while (rs.next()) assertThat(customers.shardOf(rs.getLong(1))).isEqualTo(s);
                }
                try (ResultSet rs = st.executeQuery("SELECT created_at FROM events")) {
                    while (rs.next()) assertThat(events.shardOf(rs.getObject(1, LocalDateTime.class))).isEqualTo(s);
                }
            }
        }
    }

    @Test
    void everyPrintedRouteNamesTheShardsThatHoldTheRows() throws SQLException {
        assertThat(report.outcomes()).hasSize(Demo.QUERIES.size());
        List<String> printedRoutes = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^    route  : (.*)$").matcher(output);
        while (m.find()) printedRoutes.add(m.group(1).trim());
        assertThat(printedRoutes).hasSize(report.outcomes().size());

        for (int i = 0; i < report.outcomes().size(); i++) {
            Demo.Outcome o = report.outcomes().get(i);
            Demo.Query q = o.query();
            assertThat(printedRoutes.get(i)).as("printed route of [%d]", i + 1).isEqualTo(String.join(", ", o.route()));
            Map<String, List<List<Object>>> direct = directRows(q.rowsSql(), q.params());
            List<String> holding = direct.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
            assertThat(holding).as("the rows of [%d] %s exist", i + 1, q.sql()).isNotEmpty();
            if (topology.table(q.table()) instanceof BroadcastTable) {
                assertThat(holding).as("a broadcast table is on every shard").isEqualTo(Demo.SHARDS);
                assertThat(o.route()).as("a broadcast read goes to one shard").hasSize(1);
            } else {
                assertThat(o.route()).as("route of [%d] %s covers every shard holding its rows", i + 1, q.sql())
                        .containsAll(holding);
                if (o.route().size() == 1) assertThat(holding).isEqualTo(o.route());
            }
            if (o.updateCount() >= 0) {
                assertThat(o.updateCount()).isEqualTo(1);
            } else {
                List<List<Object>> expected = new ArrayList<>();
                for (String s : o.route()) expected.addAll(direct.get(s));
                if (topology.table(q.table()) instanceof BroadcastTable) expected = direct.get(o.route().get(0));
                assertThat(o.rows()).as("rows of [%d] through the driver", i + 1).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void answersThatNeedEveryShardAreThoseOfOneDatabaseHoldingEveryRow() throws SQLException {
        assertThat(report.acrossShards()).hasSize(Demo.ACROSS_SHARDS.size());
        try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS reference");
            st.execute("CREATE DATABASE reference");
        }
        try (Connection ref = DriverManager.getConnection(pg.getJdbcUrl("postgres", "reference"))) {
            try (Statement st = ref.createStatement()) {
                for (String ddl : Demo.DDL) st.execute(ddl);
            }
            for (String t : Demo.TABLES) {
                for (int s = 0; s < (t.equals("countries") ? 1 : Demo.SHARDS.size()); s++) copy(s, t, ref);
            }
            for (Demo.Outcome o : report.acrossShards()) {
                Demo.Query q = o.query();
                List<List<Object>> expected = new ArrayList<>();
                try (PreparedStatement ps = ref.prepareStatement(q.sql())) {
                    for (int p = 0; p < q.params().size(); p++) ps.setObject(p + 1, q.params().get(p));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            List<Object> row = new ArrayList<>();
                            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) row.add(rs.getObject(c));
                            expected.add(row);
                        }
                    }
                }
                assertThat(expected).as("the reference answer of %s", q.sql()).isNotEmpty();
                assertThat(o.rows()).as("rows of %s through the driver", q.sql()).isEqualTo(expected);
            }
        }
        assertThat(output).contains("seek on order_id").contains("QUERY federated");
    }

    /** Copies a table's rows from one shard database into the reference database. */
    private void copy(int shard, String table, Connection ref) throws SQLException {
        try (Connection c = shard(shard); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int cols = rs.getMetaData().getColumnCount();
            String marks = String.join(", ", java.util.Collections.nCopies(cols, "?"));
            try (PreparedStatement ins = ref.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= cols; i++) ins.setObject(i, rs.getObject(i));
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        }
    }

    /** The rows-per-shard table as printed: table -> counts of s0..s3, then the total. */
    private Map<String, long[]> printedRowsPerShard() {
        int start = output.indexOf("== Rows per shard");
        assertThat(start).as("rows per shard section").isNotNegative();
        String[] lines = output.substring(start).split("\n");
        assertThat(lines[1].trim().split("\\s+")).containsExactly("table", "s0", "s1", "s2", "s3", "total");
        Map<String, long[]> table = new LinkedHashMap<>();
        for (int i = 2; i < 2 + Demo.TABLES.size(); i++) {
            String[] cells = lines[i].trim().split("\\s+");
            long[] counts = new long[Demo.SHARDS.size() + 1];
            for (int c = 0; c < counts.length; c++) counts[c] = Long.parseLong(cells[c + 1]);
            table.put(cells[0], counts);
        }
        return table;
    }

    private Connection shard(int s) throws SQLException {
        return DriverManager.getConnection(pg.getJdbcUrl("postgres", "shard" + s));
    }

    private long directCount(int s, String sql) throws SQLException {
        try (Connection c = shard(s); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows a statement finds on each shard database, read directly. */
    private Map<String, List<List<Object>>> directRows(String sql, List<Object> params) throws SQLException {
        Map<String, List<List<Object>>> rows = new TreeMap<>();
        for (int s = 0; s < Demo.SHARDS.size(); s++) {
            List<List<Object>> found = new ArrayList<>();
            try (Connection c = shard(s); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int p = 0; p < params.size(); p++) ps.setObject(p + 1, params.get(p));
                try (ResultSet rs = ps.executeQuery()) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int col = 1; col <= cols; col++) row.add(rs.getObject(col));
                        found.add(row);
                    }
                }
            }
            rows.put(Demo.SHARDS.get(s), found);
        }
        return rows;
    }
}
