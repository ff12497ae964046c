package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The common fixture of the end-to-end tests: 4 fresh shard databases on one server (PostgreSQL or
 * MySQL/MariaDB), the schema of {@link Schema} created directly on each, and a
 * {@link ShardDataSource} over them. A concrete class names the dialect; the test logic lives in
 * the abstract {@code *Contract} classes and runs unchanged on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShardContract {
    protected final TestServers.Kind kind;
    protected ShardDatabases dbs;
    protected ShardDataSource ds;
    private final List<Object> toClose = new ArrayList<>();

    protected ShardContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    /** A short name of the concern, part of the database prefix so test classes stay independent. */
    protected abstract String concern();

    /** The names of this class's shard databases start with this prefix. */
    protected String databasePrefix() {
        return ShardDatabases.PREFIX + kind.tag() + "_" + concern();
    }

    /** The config after the {@code shards:} section; the shared tables by default. */
    protected String configBody() {
        return Schema.TABLES;
    }

    /** Loads data once for the class, after the schema exists. */
    protected void load() throws Exception { }

    @BeforeAll
    void setUpShards() throws Exception {
        dbs = ShardDatabases.create(TestServers.get(kind), databasePrefix(), Schema.SHARDS);
        Schema.create(dbs);
        ds = dataSource(configBody());
        load();
    }

    @AfterAll
    void closeDataSources() throws Exception {
        for (Object o : toClose) {
            if (o instanceof AutoCloseable c) c.close();
        }
    }

    /** A data source over these shards with the given config body; closed after the class. */
    protected ShardDataSource dataSource(String body) {
        return dataSource(dbs.writeConfig(body));
    }

    protected ShardDataSource dataSource(Path config) {
        ShardDataSource d = new ShardDataSource(config);
        toClose.add(d);
        return d;
    }

    protected boolean isPostgres() {
        return kind == TestServers.Kind.POSTGRESQL;
    }

    // ---- routes ----------------------------------------------------------------------------

    /** The shard names a statement is routed to, by the driver's explain. */
    protected TreeSet<String> shardsOf(String sql, Object... params) throws SQLException {
        RoutePlan plan = ds.explain(sql, params);
        TreeSet<String> names = new TreeSet<>();
        for (RouteUnit u : plan.units()) names.add(u.shardName());
        return names;
    }

    /** The one shard (index) a statement is routed to; fails if it is routed to several. */
    protected int shardOf(String sql, Object... params) throws SQLException {
        RoutePlan plan = ds.explain(sql, params);
        assertThat(plan.units()).as("route of %s %s", sql, List.of(params)).hasSize(1);
        return index(plan.units().get(0).shardName());
    }

    protected static int index(String shardName) {
        assertThat(shardName).matches("s\\d+");
        return Integer.parseInt(shardName.substring(1));
    }

    protected static String name(int shard) {
        return ShardDatabases.shardName(shard);
    }

    // ---- the shard databases, read directly ------------------------------------------------

    /**
     * Where each key of a table is, read straight from every shard database: key -> shard index.
     * Fails if a key is on more than one shard.
     */
    protected Map<Object, Integer> locate(String table, String keyColumn) throws SQLException {
        Map<Object, Integer> where = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (int s = 0; s < dbs.size(); s++) {
            for (Object key : directColumn(s, "SELECT " + keyColumn + " FROM " + table)) {
                Integer before = where.put(key, s);
                if (before != null) duplicates.add(key + " on s" + before + " and s" + s);
            }
        }
        assertThat(duplicates).as("%s rows on more than one shard", table).isEmpty();
        return where;
    }

    /** The first column of a query run directly on one shard database, normalised for comparison. */
    protected List<Object> directColumn(int shard, String sql, Object... params) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (Connection c = dbs.connect(shard); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(normalise(rs.getObject(1)));
            }
        }
        return out;
    }

    /** All rows of a query run directly on one shard database. */
    protected List<List<Object>> directRows(int shard, String sql, Object... params) throws SQLException {
        try (Connection c = dbs.connect(shard); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    /** One number from a query run directly on one shard database (e.g. a count). */
    protected long directLong(int shard, String sql, Object... params) throws SQLException {
        List<Object> col = directColumn(shard, sql, params);
        assertThat(col).as("%s on s%d", sql, shard).hasSize(1);
        return ((Number) col.get(0)).longValue();
    }

    /** All rows of a query through the driver, with parameters. */
    protected List<List<Object>> query(Connection c, String sql, Object... params) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    /** The first column of a query through the driver. */
    protected List<Object> queryColumn(Connection c, String sql, Object... params) throws SQLException {
        List<Object> out = new ArrayList<>();
        for (List<Object> row : query(c, sql, params)) out.add(row.get(0));
        return out;
    }

    protected static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(normalise(rs.getObject(i)));
            out.add(row);
        }
        return out;
    }

    /** Integers as Long, decimals as their plain string, dates as LocalDate: equal across drivers. */
    protected static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigDecimal d) return d.stripTrailingZeros().toPlainString();
        if (v instanceof java.sql.Date d) return d.toLocalDate();
        if (v instanceof String s) return s.stripTrailing(); // CHAR(n) padding differs between databases
        return v;
    }

    protected static void executeAll(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }
}
