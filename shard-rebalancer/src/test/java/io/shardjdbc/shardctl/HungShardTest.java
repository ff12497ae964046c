package io.shardjdbc.shardctl;

import static io.shardjdbc.shardctl.Ctl.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code status} and {@code verify} when one shard's host accepts TCP connections and then says
 * nothing (a hung database, a half-dead proxy): each command gives up on that shard after
 * {@code --timeout}, names it, still reports the shard that answered, and exits 1. The silent
 * shard is a listener in the test that accepts and never answers; the other shard is a real
 * PostgreSQL or MariaDB database ({@code sjdbc_it_svc_hung_*}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against the hang under test, not a measurement
class HungShardTest {
    private SilentListener silent;

    @AfterEach
    void stop() throws IOException {
        if (silent != null) silent.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void statusAndVerifyNameTheShardThatDidNotAnswerAndExit1(String server, @TempDir Path dir) throws Exception {
        silent = new SilentListener();
        Db db = server.equals("postgresql") ? TestDatabases.postgres("sjdbc_it_svc_hung_pg")
                : TestDatabases.mariaDb("sjdbc_it_svc_hung_my");
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement()) {
            for (String table : List.of("orders", "items")) {
                st.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY)");
                st.execute("INSERT INTO " + table + " VALUES (2), (4), (6)"); // even ids: bucket 0, shard s0
            }
        }
        String silentUrl = server.equals("postgresql") ? "jdbc:postgresql://127.0.0.1:" + silent.port() + "/hung"
                : "jdbc:mysql://127.0.0.1:" + silent.port() + "/hung";
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, "shards:\n"
                + "  s0: { url: '" + db.url() + "', username: " + db.user() + ", password: '" + db.password() + "' }\n"
                + "  s1: { url: '" + silentUrl + "', username: nobody }\n"
                + "tables:\n"
                + "  orders: { key: id, function: mod, buckets: 2 }\n"
                + "  items: { key: id, function: mod, buckets: 2 }\n");

        Ctl.Run status = run("--config", config.toString(), "--timeout", "2", "status");
        assertThat(status.code()).as(status.err()).isEqualTo(ShardCtl.ERROR);
        assertThat(status.out()).containsPattern("s0\\s+3\\s+1\\n").contains("shard s1 did not answer within 2 s");
        assertThat(status.err()).contains("could not be counted");
        assertThat(silent.accepted()).as("the command reached the silent shard").isPositive();

        Ctl.Run verify = run("--config", config.toString(), "--timeout", "2", "verify");
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(ShardCtl.ERROR);
        assertThat(verify.out()).contains("shard s1 did not answer within 2 s").contains("127.0.0.1:" + silent.port());
        assertThat(verify.err()).contains("could not be read");
        assertThat(verify.out()).as("a silent shard is asked once per run, not once per table")
                .contains("shard s1 did not answer within 2 s earlier in this run");
    }

    /** Accepts TCP connections on a free loopback port and never reads or writes: a hung server. */
    private static final class SilentListener implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-shard");

        SilentListener() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() { return socket.getLocalPort(); }

        int accepted() { return held.size(); }

        private void accept() {
            try {
                while (true) held.add(socket.accept());
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) s.close();
        }
    }
}
