package io.shardjdbc.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of {@code n} fresh databases {@code <prefix>_0 .. <prefix>_<n-1>} on one server, used as the
 * shards {@code s0 .. s<n-1>} of a driver configuration. Creating it drops and recreates the
 * databases, so every test class starts from empty shards whatever an earlier run left behind.
 */
public final class ShardDatabases {
    /** Every database the tests create starts with this. */
    public static final String PREFIX = "sjdbc_it_";

    private final TestServers.Server server;
    private final String prefix;
    private final List<String> databases;
    private final List<String> urls;
    private final Path configDir;
    private int configs;

    private ShardDatabases(TestServers.Server server, String prefix, List<String> databases, List<String> urls, Path configDir) {
        this.server = server;
        this.prefix = prefix;
        this.databases = Collections.unmodifiableList(databases);
        this.urls = Collections.unmodifiableList(urls);
        this.configDir = configDir;
    }

    /**
     * Drops (if present) and creates the databases {@code <prefix>_0 .. <prefix>_<n-1>} and returns
     * them. The prefix must start with {@value #PREFIX}.
     */
    public static ShardDatabases create(TestServers.Server server, String prefix, int n) throws SQLException {
        return create(server, prefix, n, "");
    }

    /**
     * The same, with options for PostgreSQL's CREATE DATABASE (e.g. a collation: {@code TEMPLATE template0
     * LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'}); MySQL/MariaDB databases ignore them.
     */
    public static ShardDatabases create(TestServers.Server server, String prefix, int n, String postgresOptions) throws SQLException {
        if (!prefix.startsWith(PREFIX) || !prefix.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("test database prefixes are lower-case, start with " + PREFIX + ": " + prefix);
        }
        if (n < 1) throw new IllegalArgumentException("need at least one shard database, not " + n);
        List<String> names = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                String db = prefix + "_" + i;
                if (server.kind() == TestServers.Kind.POSTGRESQL) {
                    // FORCE ends sessions a crashed earlier run may have left open on the database
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    st.execute("CREATE DATABASE " + db + (postgresOptions.isEmpty() ? "" : " " + postgresOptions));
                } else {
                    st.execute("DROP DATABASE IF EXISTS " + db);
                    st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
                }
                names.add(db);
                urls.add(server.databaseUrl(db));
            }
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(prefix + "-config-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().deleteOnExit();
        return new ShardDatabases(server, prefix, names, urls, dir);
    }

    public TestServers.Server server() { return server; }

    public TestServers.Kind kind() { return server.kind(); }

    public String prefix() { return prefix; }

    /** Number of shards. */
    public int size() { return databases.size(); }

    /** The database names, shard 0 first. */
    public List<String> databases() { return databases; }

    /** The JDBC URLs of the shard databases, shard 0 first. */
    public List<String> urls() { return urls; }

    /** The shard name used in generated configs: {@code s<i>}. */
    public static String shardName(int i) { return "s" + i; }

    /** A plain JDBC connection straight to shard {@code i}'s database (not through the driver). */
    public Connection connect(int i) throws SQLException {
        return server.connect(urls.get(i));
    }

    /** Runs statements on every shard database directly (schema set-up, clean-up). */
    public void executeOnEach(String... sql) throws SQLException {
        for (int i = 0; i < size(); i++) {
            try (Connection c = connect(i); Statement st = c.createStatement()) {
                for (String s : sql) st.execute(s);
            }
        }
    }

    /**
     * The {@code shards:} section for these databases: {@code s0 .. s<n-1>} with the server's
     * credentials.
     */
    public String shardsYaml() {
        return shardsYaml(urls);
    }

    /** The {@code shards:} section with the given URLs for {@code s0 .. s<n-1>} (e.g. one unreachable). */
    public String shardsYaml(List<String> shardUrls) {
        StringBuilder y = new StringBuilder("shards:\n");
        for (int i = 0; i < shardUrls.size(); i++) {
            y.append("  ").append(shardName(i)).append(":\n");
            y.append("    url: ").append(quote(shardUrls.get(i))).append('\n');
            y.append("    username: ").append(quote(server.user())).append('\n');
            y.append("    password: ").append(passwordValue()).append('\n');
        }
        return y.toString();
    }

    /**
     * Writes a config file of these shards followed by {@code rest} (YAML: {@code tables:} and
     * top-level settings) into this set's temp directory and returns its path.
     */
    public Path writeConfig(String rest) {
        return writeConfigText(shardsYaml() + rest);
    }

    /** Writes a complete config text into this set's temp directory and returns its path. */
    public synchronized Path writeConfigText(String yaml) {
        Path file = configDir.resolve("shards-" + (configs++) + ".yaml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /** The driver URL of a config file: {@code jdbc:shard:<path>}. */
    public static String driverUrl(Path config) {
        return "jdbc:shard:" + config.toAbsolutePath();
    }

    private String passwordValue() {
        String p = server.password() == null ? "" : server.password();
        if (!p.contains("${")) return quote(p);
        // the config substitutes ${...}; a password containing it goes through a secret file instead
        Path secret = configDir.resolve("password");
        try {
            Files.writeString(secret, p, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the temp directory is private enough for tests
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secret.toFile().deleteOnExit();
        return quote("${file:" + secret.toAbsolutePath() + "}");
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> q.append(ch);
            }
        }
        return q.append('"').toString();
    }
}
