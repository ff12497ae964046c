package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How long a write refused by a move's fence waits, on H2 shards whose fence is a Java trigger: until
 * the new topology (then it runs on the new shard), and no longer than the statement's query timeout
 * or its cancel(). The drivers watch no version in the background; table {@code items} is split by
 * {@code id % 2}, bucket 1 on s1 until the mover publishes it on s0.
 */
class MoveHoldTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private H2Shards shards;
    private MetadataStore mover;
    private String metaUrl;
    private ShardDataSource ds;
    private final ExecutorService app = Executors.newSingleThreadExecutor();

    /** The fence: refuses writes of rows whose bucket has a row in the shard's {@code fence} table. */
    public static final class Fence implements org.h2.api.Trigger {
        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            long id = ((Number) (newRow != null ? newRow : oldRow)[0]).longValue();
            try (PreparedStatement ps = conn.prepareStatement("SELECT move_id FROM fence WHERE bucket = ?")) {
                ps.setLong(1, Math.floorMod(id, 2));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new SQLException("shard-jdbc fence: table items unit bucket " + Math.floorMod(id, 2)
                                + " is moving (move " + rs.getString(1) + ")", "55S01");
                    }
                }
            }
        }
    }

    // what the source's MOVED_AWAY function does before it fails: the mover's flip, seen by the driver
    private static volatile Runnable flipWhileReading;

    /** The {@code WHERE_IS(id)} function of each shard. */
    public static final class WhereIs {
        /** On the source: the unit moves away while the read runs, then the read fails there. */
        public static String movedAway(long id) throws SQLException {
            flipWhileReading.run();
            throw new SQLException("row " + id + " is no longer here", "42S02");
        }

        /** On the target: the read succeeds. */
        public static String here(long id) {
            return "found " + id;
        }
    }

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(2);
        shards.onEach("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(50))",
                "CREATE TABLE fence (bucket INT, move_id VARCHAR(20))",
                "CREATE TRIGGER items_fence BEFORE INSERT, UPDATE, DELETE ON items FOR EACH ROW CALL \"" + Fence.class.getName() + "\"");
        metaUrl = "jdbc:h2:mem:sjdbc_hold_meta_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        mover = MetadataStores.open(new MetadataSpec(metaUrl, null));
        ds = new ShardDataSource(ConfigLoader.parse("hold.yaml", shards.yaml("  items: { key: id, strategy: hash, function: mod, buckets: 2 }\n")
                + "metadata: { url: \"" + metaUrl + "\", refresh-interval: 0 }\nmoves: { hold: 30s, poll-interval: 5ms }\n", Map.of(), k -> null));
        shards.on(1, "INSERT INTO items (id, name) VALUES (1, 'before')", "INSERT INTO fence VALUES (1, 'm-1')");
    }

    @AfterEach
    void tearDown() throws SQLException {
        app.shutdownNow();
        ds.close();
        mover.close();
    }

    private Future<Integer> updateInTheBackground(int queryTimeout, PreparedStatement[] statement) {
        return app.submit(() -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
                statement[0] = ps;
                ps.setQueryTimeout(queryTimeout);
                ps.setString(1, "after");
                ps.setLong(2, 1);
                return ps.executeUpdate();
            }
        });
    }

    private void awaitHolding() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ds.runtime().moveHold().waiting() != 1) {
            assertThat(System.nanoTime() - deadline).as("the write waits for the new topology").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aHeldWriteRunsOnTheNewShardOnceTheMoverPublishes() throws Exception {
        Future<Integer> write = updateInTheBackground(0, new PreparedStatement[1]);
        awaitHolding();
        shards.on(0, "INSERT INTO items (id, name) VALUES (1, 'before')"); // the copy
        PlacementState now = mover.placement();
        mover.publish(new PlacementState(0, now.shards(), Map.of("items", new PlacementState.GroupState(List.of("s0", "s0"), null, null))),
                now.version());
        assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(shards.count(0, "SELECT COUNT(*) FROM items WHERE name = 'after'")).isOne();
        assertThat(ds.runtime().moveHold().waiting()).isZero();
        assertThat(ds.runtime().moveHold().held()).isOne();
    }

    @Test
    void cancelEndsTheWait() throws Exception {
        PreparedStatement[] statement = new PreparedStatement[1];
        Future<Integer> write = updateInTheBackground(0, statement);
        awaitHolding();
        statement[0].cancel();
        assertThatThrownBy(() -> write.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SQLException.class).hasMessageContaining("cancelled")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        assertThat(ds.runtime().moveHold().waiting()).isZero();
    }

    @Test
    void theQueryTimeoutBoundsTheWait() {
        Future<Integer> write = updateInTheBackground(1, new PreparedStatement[1]);
        assertThatThrownBy(() -> write.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SQLException.class)
                .hasMessageContaining("table items unit bucket 1 is moving (move m-1)")
                .hasMessageContaining("1s (its query timeout)")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55S01");
    }

    @Test
    void aReadThatFailsWhileTheTopologyMovesItsUnitAwayRunsOnTheNewShard() throws Exception {
        shards.on(0, "CREATE ALIAS WHERE_IS FOR \"" + WhereIs.class.getName() + ".here\"");
        shards.on(1, "CREATE ALIAS WHERE_IS FOR \"" + WhereIs.class.getName() + ".movedAway\"");
        flipWhileReading = () -> {
            try {
                PlacementState now = mover.placement();
                mover.publish(new PlacementState(0, now.shards(),
                        Map.of("items", new PlacementState.GroupState(List.of("s0", "s0"), null, null))), now.version());
                ds.refreshTopology();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT WHERE_IS(id) FROM items WHERE id = ?")) {
            shards.on(0, "INSERT INTO items (id, name) VALUES (1, 'copied')"); // the copy of s1's row
            ps.setLong(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("found 1");
            }
        } finally {
            flipWhileReading = null;
        }
    }
}
