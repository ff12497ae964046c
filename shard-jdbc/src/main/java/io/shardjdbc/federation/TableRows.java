package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * How many rows a table holds on its shards, as cheaply as the databases can say: PostgreSQL's
 * {@code pg_class.reltuples}, MySQL/MariaDB's {@code information_schema.TABLES.TABLE_ROWS}; where
 * the catalog has no estimate (a table never analyzed), a count stopped at {@link #COUNT_CAP} rows.
 * Estimates steer the join order only; answers never depend on them.
 */
final class TableRows {
    /** The most rows a count reads on one shard. */
    static final int COUNT_CAP = 100_000;

    private TableRows() { }

    /** The table's estimated rows summed over the shards that hold it (one shard for a broadcast table). */
    static long estimate(Topology topology, String table, ShardSource source) throws SQLException {
        Dialect dialect = topology.dialect();
        BitSet shards = new BitSet();
        if (topology.table(table) instanceof ShardedTable s) shards.or(s.placement().allShards());
        else shards.set(0);
        List<ShardQuery> catalog = new ArrayList<>();
        String sql = catalogSql(dialect);
        String quoted = ShardDialect.quote(dialect, table);
        for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) {
            catalog.add(new ShardQuery(s, topology.shardName(s), sql == null ? countSql(dialect, table) : sql,
                    sql == null ? List.of() : List.of(dialect == Dialect.MYSQL ? table : quoted)));
        }
        long total = 0;
        List<ShardQuery> counts = new ArrayList<>();
        List<ResultSet> results = source.query(catalog);
        try {
            for (int i = 0; i < results.size(); i++) {
                ResultSet rs = results.get(i);
                long n = rs.next() ? rs.getLong(1) : -1;
                if (rs.wasNull() || n < 0 || (n == 0 && sql != null)) {
                    // no estimate (never analyzed, or a fresh table the catalog reports empty): count
                    counts.add(new ShardQuery(catalog.get(i).shard(), catalog.get(i).shardName(), countSql(dialect, table), List.of()));
                } else {
                    total += n;
                }
            }
        } finally {
            for (ResultSet rs : results) rs.close();
        }
        if (sql != null && !counts.isEmpty()) {
            List<ResultSet> counted = source.query(counts);
            try {
                for (ResultSet rs : counted) if (rs.next()) total += rs.getLong(1);
            } finally {
                for (ResultSet rs : counted) rs.close();
            }
        }
        return total;
    }

    private static String catalogSql(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = to_regclass(?)";
            case MYSQL -> "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
            default -> null;
        };
    }

    private static String countSql(Dialect dialect, String table) {
        return "SELECT COUNT(*) FROM (SELECT 1 FROM " + ShardDialect.quote(dialect, table) + " LIMIT " + COUNT_CAP + ") "
                + ShardDialect.quote(dialect, "capped");
    }
}
