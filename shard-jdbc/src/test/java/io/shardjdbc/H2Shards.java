package io.shardjdbc;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.PoolSpec;
import io.shardjdbc.config.ShardConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh H2 in-memory databases used as shards: each test gets its own, so tests never see each
 * other's rows or pools. Direct connections check what really landed on a shard.
 */
final class H2Shards {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static final PoolSpec SMALL_POOL = new PoolSpec(4, 0, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5));

    private final List<String> urls = new ArrayList<>();

    H2Shards(int count) {
        int run = SEQ.incrementAndGet();
        for (int i = 0; i < count; i++) {
            urls.add("jdbc:h2:mem:sjdbc_" + ProcessHandle.current().pid() + "_" + run + "_s" + i + ";DB_CLOSE_DELAY=-1");
        }
    }

    String url(int shard) { return urls.get(shard); }

    /** A builder with shards s0..sN-1 over these databases, H2 dialect, small pools. */
    ShardConfig.Builder builder() {
        ShardConfig.Builder b = ShardConfig.builder().dialect(Dialect.H2).pool(SMALL_POOL);
        for (int i = 0; i < urls.size(); i++) b.shard("s" + i, urls.get(i), "sa", "");
        return b;
    }

    /** The same shards as YAML config text. */
    String yaml(String tables) {
        StringBuilder sb = new StringBuilder("dialect: h2\npool: { maximum-pool-size: 4, connection-timeout: 5s }\nshards:\n");
        for (int i = 0; i < urls.size(); i++) {
            sb.append("  s").append(i).append(": { url: \"").append(urls.get(i)).append("\", username: sa, password: \"\" }\n");
        }
        if (tables != null) sb.append("tables:\n").append(tables);
        return sb.toString();
    }

    /** A direct connection to one shard, bypassing the driver. */
    Connection direct(int shard) throws SQLException {
        return DriverManager.getConnection(urls.get(shard), "sa", "");
    }

    /** Runs SQL directly on every shard (e.g. to create the same table everywhere). */
    void onEach(String... sql) throws SQLException {
        for (int i = 0; i < urls.size(); i++) on(i, sql);
    }

    void on(int shard, String... sql) throws SQLException {
        try (Connection c = direct(shard); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    /** A single long value read directly from one shard. */
    long count(int shard, String sql) throws SQLException {
        try (Connection c = direct(shard); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Ids (first column) read directly from one shard, in id order. */
    List<Long> ids(int shard, String table) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = direct(shard); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    int size() { return urls.size(); }
}
