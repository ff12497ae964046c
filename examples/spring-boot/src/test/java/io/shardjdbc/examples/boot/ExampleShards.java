package io.shardjdbc.examples.boot;

import io.shardjdbc.it.support.ShardDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads an example's shard databases directly, to check where its rows are. */
final class ExampleShards {
    private ExampleShards() {
    }

    /** The first column of the first row of a query on one shard database, as a long. */
    static long count(ShardDatabases dbs, int shard, String sql) throws SQLException {
        try (Connection c = dbs.connect(shard); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row of a query on one shard database, as longs. */
    static java.util.List<Long> longs(ShardDatabases dbs, int shard, String sql) throws SQLException {
        java.util.List<Long> out = new java.util.ArrayList<>();
        try (Connection c = dbs.connect(shard); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    /** The query's count on each shard database. */
    static long[] countEach(ShardDatabases dbs, String sql) throws SQLException {
        long[] out = new long[dbs.size()];
        for (int s = 0; s < out.length; s++) out[s] = count(dbs, s, sql);
        return out;
    }
}
