package io.shardjdbc.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained driver jar, loaded the way a SQL client loads a driver file: alone, in a class
 * loader of its own whose parent is the JDK's platform loader (no application classes, no other
 * jars). It connects to two PostgreSQL shards ({@code sjdbc_it_svc_bundle_*}), routes writes by key
 * and merges a cross-shard ORDER BY. With an older Calcite in front of it in the same loader, as an
 * application that has one, it works the same: its own Calcite is relocated.
 */
class BundleIT {
    private static final String ADMIN = env("SHARD_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("SHARD_IT_PG_USER", "postgres");
    private static final String PASSWORD = env("SHARD_IT_PG_PASSWORD", "");
    private static final List<String> SHARDS = List.of("sjdbc_it_svc_bundle_0", "sjdbc_it_svc_bundle_1");

    @BeforeAll
    static void createShards() throws SQLException {
        // this JVM's classpath carries the unshaded build (Calcite's JDBC driver among it), which a tool's JVM does
        // not; DriverManager would resolve that driver's name in the test's class loaders, where the older Calcite
        // has no Avatica beside it
        for (Driver d : java.util.Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getName().startsWith("org.apache.calcite.")) DriverManager.deregisterDriver(d);
        }
        for (String db : SHARDS) {
            try (Connection c = DriverManager.getConnection(ADMIN, props()); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + db);
            }
        }
    }

    @Test
    void theJarAloneConnectsRoutesAndMerges(@TempDir Path dir) throws Exception {
        Path bundle = Path.of(System.getProperty("bundle.jar"));
        try (URLClassLoader alone = new URLClassLoader(new URL[] {bundle.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> alone.loadClass("org.junit.jupiter.api.Test")).as("nothing but the jar")
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> alone.loadClass("org.apache.calcite.sql.SqlSelect")).as("Calcite is relocated")
                    .isInstanceOf(ClassNotFoundException.class);
            routesAndMerges(alone, dir, "kv");
        }
    }

    @Test
    void anotherCalciteBesideTheJarChangesNothing(@TempDir Path dir) throws Exception {
        Path bundle = Path.of(System.getProperty("bundle.jar"));
        Path otherCalcite = Path.of(System.getProperty("other.calcite.jar"));
        URL[] jars = {otherCalcite.toUri().toURL(), bundle.toUri().toURL()}; // the older Calcite comes first
        try (URLClassLoader app = new URLClassLoader(jars, ClassLoader.getPlatformClassLoader())) {
            assertThat(app.loadClass("org.apache.calcite.sql.SqlSelect").getProtectionDomain().getCodeSource().getLocation())
                    .isEqualTo(otherCalcite.toUri().toURL());
            routesAndMerges(app, dir, "kv_other");
        }
    }

    /** Writes ten rows through the driver in {@code loader} and checks where they went and what a merged read returns. */
    private static void routesAndMerges(ClassLoader loader, Path dir, String table) throws Exception {
        for (String db : SHARDS) {
            try (Connection c = shard(db); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v VARCHAR(20))");
            }
        }
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, "shards:\n"
                + "  s0: { url: '" + withDatabase(SHARDS.get(0)) + "' }\n"
                + "  s1: { url: '" + withDatabase(SHARDS.get(1)) + "' }\n"
                + "tables:\n"
                + "  " + table + ": { key: id, function: mod, buckets: 2 }\n");
        Driver driver = (Driver) loader.loadClass("io.shardjdbc.ShardDriver").getConstructor().newInstance();
        assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
        try (Connection c = driver.connect("jdbc:shard:" + config, props())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
                for (long id = 1; id <= 10; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "v" + id);
                    ps.executeUpdate();
                }
            }
            List<Long> merged = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + table + " WHERE id BETWEEN 3 AND 8 ORDER BY id DESC")) {
                while (rs.next()) merged.add(rs.getLong(1));
            }
            assertThat(merged).containsExactly(8L, 7L, 6L, 5L, 4L, 3L);
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("v7");
                }
            }
        }
        assertThat(ids(SHARDS.get(0), table)).containsExactly(2L, 4L, 6L, 8L, 10L); // id mod 2 = 0 on s0
        assertThat(ids(SHARDS.get(1), table)).containsExactly(1L, 3L, 5L, 7L, 9L);
    }

    private static List<Long> ids(String db, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = shard(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    private static Connection shard(String db) throws SQLException {
        return DriverManager.getConnection(withDatabase(db), props());
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return p;
    }

    /** The admin URL with another database, its parameters kept. */
    private static String withDatabase(String db) {
        int hosts = ADMIN.indexOf("//");
        int slash = ADMIN.indexOf('/', hosts + 2);
        int query = ADMIN.indexOf('?', hosts + 2);
        String head = slash < 0 ? (query < 0 ? ADMIN : ADMIN.substring(0, query)) : ADMIN.substring(0, slash);
        return head + "/" + db + (query < 0 ? "" : ADMIN.substring(query));
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }
}
