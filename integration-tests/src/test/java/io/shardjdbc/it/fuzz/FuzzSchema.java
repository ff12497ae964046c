package io.shardjdbc.it.fuzz;

import io.shardjdbc.it.support.ShardDatabases;
import java.sql.SQLException;

/** The tables the fuzzing suite writes through the driver: every placement kind, one physical shape. */
final class FuzzSchema {
    /** The sharded tables; each has {@code id BIGINT PRIMARY KEY, v VARCHAR(32)}. */
    static final String[] SHARDED = {"fz_customers", "fz_orders", "fz_mod", "fz_range", "fz_int"};

    static final String TABLES = """
            tables:
              fz_customers: { key: id, strategy: hash }
              fz_orders:    { key: id, colocate: fz_customers }
              fz_mod:       { key: id, strategy: hash, function: mod, buckets: 4 }
              fz_range:
                key: id
                strategy: range
                ranges: [ { below: 50, shard: s0 }, { below: 100, shard: s1 }, { below: 150, shard: s2 }, { shard: s3 } ]
              fz_int:       { key: id, strategy: hash, key-type: integer }
              fz_ref:       { broadcast: true }
            """;

    private FuzzSchema() { }

    static void create(ShardDatabases dbs) throws SQLException {
        for (String t : SHARDED) dbs.executeOnEach("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, v VARCHAR(32))");
        dbs.executeOnEach("CREATE TABLE fz_ref (code VARCHAR(8) PRIMARY KEY, name VARCHAR(32))",
                "INSERT INTO fz_ref (code, name) VALUES ('a', 'A'), ('b', 'B')");
    }
}
