package io.shardjdbc.ids;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardjdbc.config.GeneratedIdSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.physical.PhysicalPools;
import io.shardjdbc.route.GeneratedIdInsert;
import io.shardjdbc.sql.StatementAnalyzer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The driver's generated ids: which INSERTs get them ({@link GeneratedIdInsert}, decided once per SQL
 * text) and the values, per table from its sequence or the time-ordered generator.
 */
public final class IdGenerators {
    private final ShardConfig config;
    private final Map<String, GeneratedIdSpec> specs;
    private final StatementAnalyzer analyzer;
    private final PhysicalPools pools;
    private final IntSupplier shardCount;
    private final IdBlocks blocks;
    private final Cache<String, Optional<GeneratedIdInsert>> inserts;
    private final Map<String, SequenceIds> sequences = new ConcurrentHashMap<>();
    private final TimeIds time;

    /**
     * @param shardCount how many shards there are now (a new counter starts after the largest id stored on any of them)
     */
    public IdGenerators(ShardConfig config, PhysicalPools pools, IntSupplier shardCount) {
        this.config = config;
        this.specs = config.generatedIds();
        this.analyzer = new StatementAnalyzer(config.dialect());
        this.pools = pools;
        this.shardCount = shardCount;
        this.blocks = new IdBlocks(pools, config.dialect());
        this.inserts = Caffeine.newBuilder().maximumSize(Math.max(16, config.analysisCacheSize())).build();
        this.time = new TimeIds(blocks);
    }

    /** The rewrite that gives this INSERT its generated id, or null when it needs none. */
    public GeneratedIdInsert insertFor(String sql) throws SQLException {
        IdentityColumns.onStatement(sql, config, analyzer);
        if (specs.isEmpty()) return null;
        return inserts.get(sql, s -> Optional.ofNullable(GeneratedIdInsert.of(s, specs, analyzer))).orElse(null);
    }

    /** {@code n} new ids for the table of {@code insert}, one per row. */
    public long[] next(GeneratedIdInsert insert, int n) throws SQLException {
        GeneratedIdSpec spec = insert.spec();
        if (spec.generator() == GeneratedIdSpec.Generator.TIME) return time.next(n);
        String table = insert.table().toLowerCase(Locale.ROOT);
        SequenceIds seq = sequences.computeIfAbsent(table, t -> new SequenceIds(blocks, "table " + t, spec.blockSize(),
                () -> largestStored(t, spec.column()) + 1));
        return seq.next(n);
    }

    /** The largest value of the column on any shard (0 where the table does not exist yet or is empty). */
    private long largestStored(String table, String column) throws SQLException {
        long max = 0;
        for (int s = 0; s < shardCount.getAsInt(); s++) {
            try (Connection c = pools.open(s); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(" + column + ") FROM " + table)) {
                if (rs.next()) max = Math.max(max, rs.getLong(1));
            } catch (SQLException e) {
                if (!missingTable(e)) throw e;
            }
        }
        return max;
    }

    private static boolean missingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146; // PostgreSQL, MySQL/MariaDB
    }

    /** Whether this runtime generates ids for any table. */
    public boolean any() { return !specs.isEmpty(); }

}
