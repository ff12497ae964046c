package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** cancel() from another thread and query timeouts reach the physical statements of every shard. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost cancel fails, not hangs, the build
class CancelTest {
    // long enough that it only ends by being cancelled
    private static final String ENDLESS = "SELECT MAX(X + 1) FROM SYSTEM_RANGE(1, 100000000000)";
    private H2Shards shards;
    private ShardDataSource ds;

    @BeforeEach
    void setUp() {
        shards = new H2Shards(2);
        ds = new ShardDataSource(shards.builder().build());
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    @Test
    void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1").close(); // the physical statement exists before the canceller starts
            AtomicBoolean done = new AtomicBoolean();
            // waits until H2 shows the statement running, then cancels it: a cancel that arrives while
            // H2 is still starting the statement is lost (an H2 race), so it is not sent blindly
            Thread canceller = new Thread(() -> {
                try (Connection watch = shards.direct(0);
                     PreparedStatement running = watch.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                             + " WHERE EXECUTING_STATEMENT LIKE 'SELECT MAX(X + 1)%'")) {
                    while (!done.get()) {
                        try (ResultSet rs = running.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) > 0) {
                                s.cancel();
                                return;
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            canceller.start();
            try {
                assertThatThrownBy(() -> s.executeQuery(ENDLESS))
                        .isInstanceOf(SQLException.class)
                        .hasMessageStartingWith("shard s0: ")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            } finally {
                done.set(true);
                canceller.join();
            }
            try (ResultSet rs = s.executeQuery("SELECT 2")) {
                assertThat(rs.next()).as("the statement is usable after a cancel").isTrue();
            }
        }
    }

    @Test
    void queryTimeoutAppliesToThePhysicalStatement() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThatThrownBy(() -> s.executeQuery(ENDLESS))
                    .isInstanceOf(SQLTimeoutException.class)
                    .hasMessageStartingWith("shard s0: ");
        }
    }
}
