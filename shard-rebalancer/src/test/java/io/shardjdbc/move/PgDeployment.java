package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment for a move test on the local PostgreSQL (or MariaDB): a store database and shard databases
 * {@code <prefix>_store}, {@code <prefix>_0}, ... and a config file naming the first {@code listed}
 * shards, the given tables and the store (drivers poll it every 100 ms).
 *
 * @param store  the metadata store's database
 * @param shards the shards' databases, s0 first
 * @param config the config file
 */
public record PgDeployment(TestDatabases.Db store, List<TestDatabases.Db> shards, Path config) {
    /** Creates the databases (fresh) and writes {@code dir/shards.yaml} with {@code tablesYaml} (lines under {@code tables:}). */
    public static PgDeployment create(Path dir, String prefix, int shardCount, int listed, String tablesYaml) throws Exception {
        return create(Dialect.POSTGRESQL, dir, prefix, shardCount, listed, tablesYaml);
    }

    /** The same on the local server of {@code dialect} (PostgreSQL or MariaDB). */
    public static PgDeployment create(Dialect dialect, Path dir, String prefix, int shardCount, int listed, String tablesYaml)
            throws Exception {
        TestDatabases.Db store = database(dialect, prefix + "_store");
        List<TestDatabases.Db> shards = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int i = 0; i < shardCount; i++) {
            TestDatabases.Db db = database(dialect, prefix + "_" + i);
            shards.add(db);
            if (i < listed) {
                yaml.append("  s").append(i).append(": { url: '").append(db.url()).append("', username: ").append(db.user())
                        .append(", password: '").append(db.password()).append("' }\n");
            }
        }
        yaml.append("tables:\n").append(tablesYaml)
                .append("metadata:\n  url: '").append(store.url()).append(store.url().contains("?") ? "&" : "?").append("user=")
                .append(store.user()).append("&password=").append(store.password()).append("'\n  refresh-interval: 100ms\n");
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, yaml);
        return new PgDeployment(store, List.copyOf(shards), config);
    }

    private static TestDatabases.Db database(Dialect dialect, String name) throws java.sql.SQLException {
        return dialect == Dialect.POSTGRESQL ? TestDatabases.postgres(name) : TestDatabases.mariaDb(name);
    }

    /** Shard {@code i}'s database. */
    public TestDatabases.Db shard(int i) { return shards.get(i); }

    /** Runs statements on shard {@code i}. */
    public void exec(int i, String... sql) throws SQLException {
        try (Connection c = shard(i).connect(); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }
}
