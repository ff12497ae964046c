package io.shardjdbc.it.differential;

import io.shardjdbc.it.support.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The databases of one differential run on one server: {@code sjdbc_diff_<name>_0..3} used as the
 * shards s0..s3 of a driver config, and {@code sjdbc_diff_<name>_ref}, one unsharded reference
 * database holding every row. Creating them drops and recreates the databases (idempotent: an
 * earlier or crashed run leaves nothing that matters), so every run starts from empty databases.
 */
final class DiffDatabases {
    // a run beside another on the same servers names its databases apart (-Dsjdbc.diff.prefix=...)
    static final String PREFIX = System.getProperty("sjdbc.diff.prefix", "sjdbc_diff_");
    static final int SHARDS = 4;

    final TestServers.Server server;
    final List<String> shardUrls = new ArrayList<>();
    final String referenceUrl;

    private DiffDatabases(TestServers.Server server, String name) {
        this.server = server;
        for (int i = 0; i < SHARDS; i++) shardUrls.add(server.databaseUrl(PREFIX + name + "_" + i));
        this.referenceUrl = server.databaseUrl(PREFIX + name + "_ref");
    }

    static DiffDatabases create(TestServers.Kind kind, String name) throws SQLException {
        if (!name.matches("[a-z0-9_]+")) throw new IllegalArgumentException("database names are lower-case: " + name);
        TestServers.Server server = TestServers.get(kind);
        List<String> dbs = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) dbs.add(PREFIX + name + "_" + i);
        dbs.add(PREFIX + name + "_ref");
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement()) {
            for (String db : dbs) {
                if (kind == TestServers.Kind.POSTGRESQL) {
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    st.execute("CREATE DATABASE " + db);
                } else {
                    st.execute("DROP DATABASE IF EXISTS " + db);
                    st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
                }
            }
        }
        return new DiffDatabases(server, name);
    }

    boolean postgres() {
        return server.kind() == TestServers.Kind.POSTGRESQL;
    }

    Connection connectShard(int i) throws SQLException {
        return server.connect(shardUrls.get(i));
    }

    Connection connectReference() throws SQLException {
        return server.connect(referenceUrl);
    }

    /** Runs DDL on every shard and on the reference database, directly (not through the driver). */
    void executeEverywhere(List<String> ddl) throws SQLException {
        List<String> urls = new ArrayList<>(shardUrls);
        urls.add(referenceUrl);
        for (String url : urls) {
            try (Connection c = server.connect(url); Statement st = c.createStatement()) {
                for (String s : ddl) st.execute(s);
            }
        }
    }

    /** A config file: the 4 shards and the given {@code tables:} section and settings. */
    Path writeConfig(String body) {
        StringBuilder y = new StringBuilder("shards:\n");
        for (int i = 0; i < SHARDS; i++) {
            y.append("  s").append(i).append(":\n");
            y.append("    url: ").append(quote(shardUrls.get(i))).append('\n');
            y.append("    username: ").append(quote(server.user())).append('\n');
            String pw = server.password() == null ? "" : server.password();
            if (pw.contains("${")) throw new IllegalStateException("a password containing ${ is not supported by these tests");
            y.append("    password: ").append(quote(pw)).append('\n');
        }
        y.append(body);
        try {
            Path file = Files.createTempFile("sjdbc-diff-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
