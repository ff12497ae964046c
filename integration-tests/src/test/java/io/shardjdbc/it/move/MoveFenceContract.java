package io.shardjdbc.it.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.topology.MoveFence;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's side of an online move, against a real fence: a trigger in the source shard's
 * database that refuses writes to a frozen bucket with SQLState 55S01, a real metadata store, and
 * this test playing the mover (it copies the unit's rows to the target, sets the fence and
 * publishes the new placement). The drivers under test watch no version in the background
 * ({@code refresh-interval: 0}): only the fence tells them that the topology moved.
 *
 * <p>Table {@code items} is split by {@code id % 2}: bucket 0 on s0, bucket 1 on s1; the move takes
 * bucket 1 from s1 to s0.
 */
abstract class MoveFenceContract extends MoveFixture {
    private static final String MOVE = "m-17";
    private final ExecutorService app = Executors.newCachedThreadPool();

    MoveFenceContract(TestServers.Kind kind) {
        super(kind, "fence", 2);
    }

    @BeforeAll
    void installTheFence() throws SQLException {
        dbs.executeOnEach("CREATE TABLE fence (tbl VARCHAR(64) NOT NULL, bucket INT NOT NULL, move_id VARCHAR(32) NOT NULL)");
        dbs.executeOnEach(fenceTriggers());
    }

    /** The fence as a mover installs it: a trigger on the moved table reads the fence table for the row's bucket. */
    private String[] fenceTriggers() {
        if (postgres()) {
            return new String[] {"""
                    CREATE FUNCTION items_fence() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE m VARCHAR; k BIGINT;
                    BEGIN
                      IF TG_OP = 'DELETE' THEN k := OLD.id; ELSE k := NEW.id; END IF;
                      SELECT move_id INTO m FROM fence WHERE tbl = TG_TABLE_NAME AND bucket = mod(k, 2);
                      IF m IS NOT NULL THEN
                        RAISE EXCEPTION 'shard-jdbc fence: table % unit bucket % is moving (move %)', TG_TABLE_NAME, mod(k, 2), m
                          USING ERRCODE = '55S01';
                      END IF;
                      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                      RETURN NEW;
                    END $$""",
                "CREATE TRIGGER items_fence BEFORE INSERT OR UPDATE OR DELETE ON items FOR EACH ROW EXECUTE FUNCTION items_fence()"};
        }
        List<String> out = new ArrayList<>();
        for (String event : List.of("INSERT", "UPDATE", "DELETE")) {
            String row = event.equals("DELETE") ? "OLD" : "NEW";
            out.add("CREATE TRIGGER items_fence_" + event.toLowerCase() + " BEFORE " + event + " ON items FOR EACH ROW BEGIN"
                    + " DECLARE m VARCHAR(32) DEFAULT (SELECT move_id FROM fence WHERE tbl = 'items' AND bucket = MOD(" + row
                    + ".id, 2) LIMIT 1);"
                    + " DECLARE msg VARCHAR(200);"
                    + " IF m IS NOT NULL THEN"
                    + "  SET msg = CONCAT('shard-jdbc fence: table items unit bucket ', MOD(" + row + ".id, 2), ' is moving (move ', m, ')');"
                    + "  SIGNAL SQLSTATE '55S01' SET MESSAGE_TEXT = msg;"
                    + " END IF;"
                    + " END");
        }
        return out.toArray(String[]::new);
    }

    /** Every test starts from the initial placement (bucket 0 on s0, bucket 1 on s1), no rows and no fence. */
    @BeforeEach
    void initialPlacement() throws SQLException {
        dbs.executeOnEach("DELETE FROM fence", "DELETE FROM items");
        publish(2, "s0", "s1");
    }

    @AfterAll
    void stopTheApplication() {
        app.shutdownNow();
    }

    /** A driver that watches no version in the background, with the given {@code moves:} settings. */
    private ShardDataSource staleDriver(String moves) {
        return driver(dbs.writeConfig("tables:\n  items: { key: id, strategy: hash, function: mod, buckets: 2 }\n"
                + meta.yaml("  refresh-interval: 0\n") + moves));
    }

    // ---- the mover's steps, done directly on the databases and the store

    private void copyRowsOfBucket1ToS0() throws SQLException {
        try (Connection from = dbs.connect(1); Connection to = dbs.connect(0);
             Statement read = from.createStatement();
             ResultSet rs = read.executeQuery("SELECT id, name FROM items WHERE MOD(id, 2) = 1");
             PreparedStatement write = to.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
            while (rs.next()) {
                write.setLong(1, rs.getLong(1));
                write.setString(2, rs.getString(2));
                write.executeUpdate();
            }
        }
    }

    private void fenceBucket1OnS1() throws SQLException {
        try (Connection c = dbs.connect(1); Statement st = c.createStatement()) {
            st.execute("INSERT INTO fence (tbl, bucket, move_id) VALUES ('items', 1, '" + MOVE + "')");
        }
    }

    /** The flip: bucket 1 now lives on s0. */
    private long publishBucket1OnS0() throws SQLException {
        return publish(2, "s0", "s0");
    }

    /** The whole move of bucket 1 behind a stale driver's back, with one row (named "before") in it; the new version. */
    private long moveBucket1WithRow(long id) throws SQLException {
        insertDirect(1, id, "before");
        copyRowsOfBucket1ToS0();
        fenceBucket1OnS1();
        return publishBucket1OnS0();
    }

    private void insertDirect(int shard, long id, String name) throws SQLException {
        try (Connection c = dbs.connect(shard); PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    private List<String> namesOn(int shard, long id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dbs.connect(shard); PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int update(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s", what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    // ---- the tests

    @Test
    void aStaleDriverWritingToAMovedUnitIsRefusedByTheFenceAndRunsTheWriteOnTheTarget() throws Exception {
        ShardDataSource driver = staleDriver("");
        long before = driver.topology().version();
        long flipped = moveBucket1WithRow(1);

        try (Connection c = driver.getConnection()) {
            assertThat(update(c, 1, "after")).isEqualTo(1);
            try (Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("INSERT INTO items (id, name) VALUES (3, 'new')")).isEqualTo(1);
            }
            assertThat(c.createStatement().executeQuery("SELECT COUNT(*) FROM items WHERE id IN (1, 3)"))
                    .satisfies(rs -> assertThat(rs.next() && rs.getLong(1) == 2).isTrue());
        }
        assertThat(driver.topology().version()).isNotEqualTo(before).isEqualTo(flipped);
        assertThat(namesOn(0, 1)).containsExactly("after");
        assertThat(namesOn(0, 3)).containsExactly("new");
        assertThat(namesOn(1, 1)).as("the source keeps the frozen copy").containsExactly("before");
        assertThat(namesOn(1, 3)).isEmpty();
        assertThat(Engine.of(driver).moveHold().held()).isPositive();
    }

    @Test
    void aWriteDuringTheFenceWindowHoldsAndCompletesOnTheTargetAfterTheFlipWhileReadsAreServedByTheSource() throws Exception {
        ShardDataSource driver = staleDriver("moves: { hold: 30s }\n");
        insertDirect(1, 5, "before");
        fenceBucket1OnS1();
        Future<Integer> write = app.submit(() -> {
            try (Connection c = driver.getConnection()) {
                return update(c, 5, "during the move");
            }
        });
        await("the write to wait for the new topology", () -> Engine.of(driver).moveHold().waiting() == 1);
        try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            ps.setLong(1, 5);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("reads are served by the source until the flip").isEqualTo("before");
            }
        }
        assertThat(write).isNotDone();
        copyRowsOfBucket1ToS0();
        publishBucket1OnS0();

        assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(namesOn(0, 5)).containsExactly("during the move");
        assertThat(namesOn(1, 5)).containsExactly("before");
    }

    @Test
    void aTransactionThatWritesToAMovingUnitFailsWith40001AndItsRetryRunsOnTheTarget() throws Exception {
        ShardDataSource driver = staleDriver("");
        moveBucket1WithRow(7);

        try (Connection c = driver.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO items (id, name) VALUES (8, 'same transaction')"); // bucket 0, on s0
            }
            assertThatThrownBy(() -> update(c, 7, "in a transaction"))
                    .isInstanceOf(SQLTransactionRollbackException.class)
                    .hasMessageContaining("moving")
                    .hasMessageContaining("table items unit bucket 1")
                    .hasMessageContaining(MOVE)
                    .hasMessageContaining("run the transaction again")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
            c.rollback();
            assertThat(namesOn(0, 8)).as("the whole transaction was rolled back").isEmpty();

            try (Statement st = c.createStatement()) { // the application's retry
                st.executeUpdate("INSERT INTO items (id, name) VALUES (8, 'same transaction')");
            }
            assertThat(update(c, 7, "in a transaction")).isEqualTo(1);
            c.commit();
        }
        assertThat(namesOn(0, 7)).containsExactly("in a transaction");
        assertThat(namesOn(0, 8)).containsExactly("same transaction");
        assertThat(namesOn(1, 7)).containsExactly("before");
    }

    @Test
    void pastTheHoldTheWriteFailsNamingTableUnitAndMove() throws Exception {
        ShardDataSource driver = staleDriver("moves: { hold: 200ms }\n");
        insertDirect(1, 9, "before");
        fenceBucket1OnS1();
        try (Connection c = driver.getConnection()) {
            assertThatThrownBy(() -> update(c, 9, "refused"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("table items unit bucket 1 is moving (move " + MOVE + ")")
                    .hasMessageContaining("moves.hold")
                    .hasMessageContaining("UPDATE items")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(MoveFence.SQLSTATE);
            // the other bucket is not frozen
            assertThat(update(c, 10, "not moving")).isZero();
        }
        assertThat(namesOn(1, 9)).containsExactly("before");
    }

    @Test
    void aRefusedBatchIsNotRunAgainAndSaysSoOnceTheUnitHasMoved() throws Exception {
        ShardDataSource driver = staleDriver("");
        long flipped = moveBucket1WithRow(11);
        try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
            ps.setString(1, "batched");
            ps.setLong(2, 11);
            ps.addBatch();
            assertThatThrownBy(ps::executeBatch)
                    .isInstanceOf(BatchUpdateException.class)
                    .hasMessageContaining("table items unit bucket 1 is moving")
                    .hasMessageContaining("not run again")
                    .hasMessageContaining("new shard");
            assertThat(driver.topology().version()).isEqualTo(flipped);
            ps.addBatch();
            assertThat(ps.executeBatch()).as("the application's retry of the batch").containsExactly(1);
        }
        assertThat(namesOn(0, 11)).containsExactly("batched");
    }
}
