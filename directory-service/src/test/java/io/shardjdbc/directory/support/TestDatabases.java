package io.shardjdbc.directory.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Fresh databases for the store's tests on the local PostgreSQL (127.0.0.1:5432, user postgres) and
 * MariaDB/MySQL (127.0.0.1:3306, root, empty password), or on the servers that
 * {@code SHARD_IT_PG_URL} / {@code SHARD_IT_MYSQL_URL} (with {@code _USER} / {@code _PASSWORD})
 * name, as the integration tests do. Every database created here is named {@code sjdbc_it_meta_*}.
 */
public final class TestDatabases {
    /** A database on a server: its URL and credentials. */
    public record Db(String url, String user, String password) {
        /** A new connection to the database with its credentials. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, props(user, password));
        }
    }

    private static final String PREFIX = "sjdbc_it_meta_";

    private TestDatabases() { }

    /** Drops (if present) and creates PostgreSQL database {@code sjdbc_it_meta_<name>}. */
    public static Db postgres(String name) throws SQLException {
        String admin = env("SHARD_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("SHARD_IT_PG_USER", "postgres");
        String password = env("SHARD_IT_PG_PASSWORD", "");
        String db = database(name);
        try (Connection c = DriverManager.getConnection(admin, props(user, password)); Statement st = c.createStatement()) {
            // FORCE ends sessions a crashed earlier run may have left open on the database
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        return new Db(withDatabase(admin, db), user, password);
    }

    /** Drops (if present) and creates MariaDB/MySQL database {@code sjdbc_it_meta_<name>}. */
    public static Db mariaDb(String name) throws SQLException {
        String admin = env("SHARD_IT_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?allowPublicKeyRetrieval=true&useSSL=false");
        String user = env("SHARD_IT_MYSQL_USER", "root");
        String password = env("SHARD_IT_MYSQL_PASSWORD", "");
        String db = database(name);
        try (Connection c = DriverManager.getConnection(admin, props(user, password)); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
        }
        return new Db(withDatabase(admin, db), user, password);
    }

    /** A new in-memory H2 database that lives until the JVM ends. */
    public static Db h2(String name) {
        return new Db("jdbc:h2:mem:" + database(name) + "_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** {@code sjdbc_it_meta_<name>}, or the name itself when it already names an integration-test database ({@code sjdbc_it_...}). */
    private static String database(String name) {
        if (!name.matches("[a-z0-9_]+")) throw new IllegalArgumentException("lower-case database names only: " + name);
        return name.startsWith("sjdbc_it_") ? name : PREFIX + name;
    }

    private static Properties props(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    /** Replaces the database of a {@code jdbc:xxx://host[:port][/db][?params]} URL, keeping its parameters. */
    static String withDatabase(String url, String database) {
        int hosts = url.indexOf("//");
        int slash = url.indexOf('/', hosts + 2);
        int query = url.indexOf('?', hosts + 2);
        String head = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String params = query < 0 ? "" : url.substring(query);
        return head + "/" + database + params;
    }
}
