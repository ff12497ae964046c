package io.shardjdbc.it.replica;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The local primary/replica pairs the replica tests run on, as {@code scripts/pg-replica.sh} and
 * {@code scripts/mariadb-replica.sh} set them up (PostgreSQL 5432 -> 5433, MariaDB 3306 -> 3307), and
 * small helpers: running a script or a command, polling for a condition with a deadline.
 */
final class LocalReplicas {
    static final String PG_PRIMARY = env("SHARD_IT_PG_PRIMARY_HOSTPORT", "127.0.0.1:5432");
    static final String PG_REPLICA = env("SHARD_IT_PG_REPLICA_HOSTPORT", "127.0.0.1:5433");
    static final String PG_REPLICA_DIR = env("SHARD_IT_PG_REPLICA_DIR", "/var/lib/postgresql/15/replica5433");
    static final String MY_PRIMARY = env("SHARD_IT_MYSQL_PRIMARY_HOSTPORT", "127.0.0.1:3306");
    static final String MY_REPLICA = env("SHARD_IT_MYSQL_REPLICA_HOSTPORT", "127.0.0.1:3307");
    static final String MY_OPTIONS = "?allowPublicKeyRetrieval=true&useSSL=false";

    private LocalReplicas() { }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    static Connection pg(String hostPort, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/" + db, "postgres", "");
    }

    static Connection my(String hostPort, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + hostPort + "/" + db + MY_OPTIONS, "root", "");
    }

    /** The repository's root (integration-tests is one level down). */
    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("scripts")) ? here : here.getParent();
    }

    /** Runs a command, failing with its output when it exits non-zero. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(repoRoot().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) throw new IllegalStateException(String.join(" ", command) + " exited " + rc + ":\n" + out);
        return out;
    }

    /** Makes sure the local PostgreSQL replica runs (the script is idempotent). */
    static void ensurePgReplica() throws Exception {
        run("scripts/pg-replica.sh");
    }

    static void ensureMariaDbReplica() throws Exception {
        run("scripts/mariadb-replica.sh");
    }

    /** Stops the PostgreSQL replica at once, as a crash would. */
    static void crashPgReplica() throws Exception {
        run("su", "postgres", "-s", "/bin/sh", "-c", "/usr/lib/postgresql/15/bin/pg_ctl -D " + PG_REPLICA_DIR + " stop -m immediate");
    }

    /** A data source over a YAML config. */
    static ShardDataSource dataSource(String yaml) {
        return new ShardDataSource(ConfigLoader.parse("replica-test.yaml", yaml, Map.of(), System::getenv));
    }

    /** Polls a condition until it holds or the deadline passes (then fails with what was awaited). */
    static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) return;
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError err = new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
                if (last != null) err.initCause(last);
                throw err;
            }
            Thread.onSpinWait();
            Thread.sleep(20); // a poll interval, not a wait for timing: the condition decides
        }
    }
}
