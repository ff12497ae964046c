package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.commit.PartialCommitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions over several H2 shards: one physical transaction per shard, committed one after another. */
class TransactionTest {
    private H2Shards shards;
    private ShardDataSource ds;
    // ids whose rows live on shard s0 and on shard s1
    private long onS0;
    private long onS1;
    private long onS1b;

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(2);
        shards.onEach("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        open(ShardConfig.TransactionMode.BEST_EFFORT);
    }

    private void open(ShardConfig.TransactionMode mode) throws SQLException {
        if (ds != null) ds.close();
        ds = new ShardDataSource(shards.builder().hashTable("item", "id", 64).transactions(mode).build());
        onS0 = idOn(0, 0);
        onS1 = idOn(1, 0);
        onS1b = idOn(1, onS1);
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private long idOn(int shard, long after) throws SQLException {
        for (long id = after + 1; ; id++) {
            if (ds.explain("INSERT INTO item (id, name) VALUES (?, ?)", id, "x").units().get(0).shard() == shard) return id;
        }
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "n" + id);
            ps.executeUpdate();
        }
    }

    private long rows(int shard) throws SQLException {
        return shards.count(shard, "SELECT COUNT(*) FROM item");
    }

    @Test
    void commitMakesWritesOnEveryShardVisibleAndTheyAreReadableInsideTheTransaction() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0);
            insert(c, onS1);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM item WHERE id = " + onS1)) {
                assertThat(rs.next()).as("the transaction reads its own write").isTrue();
            }
            assertThat(rows(0) + rows(1)).as("nothing visible before commit").isZero();
            c.commit();
        }
        assertThat(rows(0)).isEqualTo(1);
        assertThat(rows(1)).isEqualTo(1);
    }

    @Test
    void rollbackUndoesEveryShard() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0);
            insert(c, onS1);
            c.rollback();
            insert(c, onS1b);
            c.commit();
        }
        assertThat(rows(0)).isZero();
        assertThat(shards.ids(1, "item")).containsExactly(onS1b);
    }

    @Test
    void closingWithAnOpenTransactionRollsItBack() throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        insert(c, onS0);
        insert(c, onS1);
        c.close();
        assertThat(rows(0) + rows(1)).isZero();
    }

    @Test
    void turningAutoCommitBackOnCommits() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0);
            insert(c, onS1);
            c.setAutoCommit(true);
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(rows(0) + rows(1)).isEqualTo(2);
    }

    @Test
    void aCommitFailingAfterAnotherShardCommittedSaysWhichShardsCommittedAndWhichRolledBack() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0); // s0 joins first, so it commits first
            insert(c, onS1);
            shards.on(1, "SHUTDOWN"); // s1 goes away before the commit reaches it
            assertThatThrownBy(c::commit)
                    .isInstanceOf(PartialCommitException.class)
                    .hasMessageContaining("committed on [s0]")
                    .hasMessageContaining("rolled back on [s1]")
                    .satisfies(e -> {
                        PartialCommitException p = (PartialCommitException) e;
                        assertThat(p.getSQLState()).isEqualTo(PartialCommitException.SQL_STATE);
                        assertThat(p.committedShards()).containsExactly("s0");
                        assertThat(p.rolledBackShards()).containsExactly("s1");
                        assertThat(p.failedShard()).isEqualTo("s1");
                        assertThat(p.getCause()).isInstanceOf(SQLException.class);
                    });
        }
        assertThat(shards.ids(0, "item")).containsExactly(onS0);
    }

    @Test
    void aCommitFailingOnTheFirstShardRollsBackTheOthers() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS1); // s1 joins first
            insert(c, onS0);
            shards.on(1, "SHUTDOWN");
            assertThatThrownBy(c::commit)
                    .isInstanceOf(SQLException.class)
                    .isNotInstanceOf(PartialCommitException.class)
                    .hasMessageContaining("rolled back on every shard [s1, s0]")
                    .hasMessageContaining("shard s1: ");
        }
        assertThat(rows(0)).isZero();
    }

    @Test
    void singleShardModeRefusesASecondShardAndKeepsTheTransactionUsable() throws SQLException {
        open(ShardConfig.TransactionMode.SINGLE_SHARD);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS1);
            assertThatThrownBy(() -> insert(c, onS0))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("single-shard")
                    .hasMessageContaining("s0")
                    .hasMessageContaining("s1")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            insert(c, onS1b);
            c.commit();
            insert(c, onS0); // a new transaction may pick another shard
            c.commit();
        }
        assertThat(rows(1)).isEqualTo(2);
        assertThat(rows(0)).isEqualTo(1);
    }

    @Test
    void rollbackToSavepointRewindsEarlierShardsAndUndoesShardsJoinedLater() throws SQLException {
        long secondOnS0 = idOn(0, onS0);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0);
            Savepoint sp = c.setSavepoint("sp1");
            insert(c, secondOnS0);
            insert(c, onS1); // s1 joins after the savepoint
            c.rollback(sp);
            insert(c, onS1b);
            c.commit();
            assertThat(sp.getSavepointName()).isEqualTo("sp1");
        }
        assertThat(shards.ids(0, "item")).containsExactly(onS0);
        assertThat(shards.ids(1, "item")).containsExactly(onS1b);
    }

    @Test
    void releasedSavepointsAreGone() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, onS0);
            Savepoint sp = c.setSavepoint();
            c.releaseSavepoint(sp);
            assertThatThrownBy(() -> c.rollback(sp)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3B001"));
            c.rollback();
        }
    }

    @Test
    void transactionStatementsSentAsSqlDriveEveryShard() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            assertThat(c.getAutoCommit()).isFalse();
            insert(c, onS0);
            s.execute("SAVEPOINT a");
            insert(c, onS1);
            s.execute("ROLLBACK TO SAVEPOINT a");
            insert(c, onS1b);
            s.execute("SAVEPOINT b");
            s.execute("RELEASE SAVEPOINT b");
            assertThatThrownBy(() -> s.execute("ROLLBACK TO SAVEPOINT b")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("'b'");
            s.execute("COMMIT");
            assertThat(c.getAutoCommit()).as("COMMIT ends the BEGIN block").isTrue();

            s.execute("BEGIN");
            try (PreparedStatement del = c.prepareStatement("DELETE FROM item")) {
                assertThat(del.executeUpdate()).isEqualTo(2);
            }
            s.execute("ROLLBACK");
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(shards.ids(0, "item")).containsExactly(onS0);
        assertThat(shards.ids(1, "item")).containsExactly(onS1b);
    }

    @Test
    void commitAndSavepointsNeedAutoCommitOff() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class);
            assertThatThrownBy(c::setSavepoint).isInstanceOf(SQLException.class);
        }
    }
}
