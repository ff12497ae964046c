package io.shardjdbc.it.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.commit.CommitUnknownException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A multi-shard commit whose COMMIT reached a shard but whose answer never came back is reported
 * as unknown on that shard (SQLState 08007), with the shards that committed and those rolled back,
 * and never as "rolled back" - the shard did commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CommitOutcomeContract {
    final TestServers.Kind kind;
    FaultShards shards;
    ShardDataSource ds;
    final ExecutorService background = Executors.newCachedThreadPool();

    CommitOutcomeContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void setUp() throws Exception {
        shards = new FaultShards(kind, "commit");
        ds = shards.dataSource("pool: { maximum-pool-size: 4 }");
    }

    @AfterAll
    void tearDown() {
        background.shutdownNow();
        shards.close();
    }

    @BeforeEach
    void emptyAndHealthy() throws SQLException {
        for (int i = 0; i < FaultShards.SHARDS; i++) shards.proxy(i).resume();
        shards.clear();
    }

    static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (id, v) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "v" + id);
            ps.executeUpdate();
        }
    }

    /** Waits until the row is on the shard: its COMMIT completed there after the client stopped listening. */
    void awaitRow(int shard, long id) throws Exception {
        FaultShards.await("row " + id + " committed on s" + shard, Duration.ofSeconds(20), () -> shards.idsOn(shard).contains(id));
    }

    @Test
    void aShardThatCommitsButsAnswerIsLostIsUnknownNotRolledBack() throws Exception {
        Throwable thrown;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 4);  // s0
            insert(c, 5);  // s1
            insert(c, 6);  // s2
            c.setNetworkTimeout(background, 1500);
            shards.proxy(1).holdAnswers();
            thrown = catchThrowable(c::commit);
            shards.proxy(1).resume();
            c.setAutoCommit(true);
        }
        assertThat(thrown).isInstanceOf(CommitUnknownException.class);
        CommitUnknownException e = (CommitUnknownException) thrown;
        assertThat(e.getSQLState()).isEqualTo("08007");
        assertThat(e.committedShards()).containsExactly("s0");
        assertThat(e.unknownShards()).containsExactly("s1");
        assertThat(e.rolledBackShards()).containsExactly("s2");
        assertThat(e.getMessage()).doesNotContain("rolled back on every shard").contains("unknown on [s1]");
        awaitRow(1, 5);
        assertThat(shards.idsOn(0)).containsExactly(4L);
        assertThat(shards.idsOn(2)).isEmpty();
    }

    @Test
    void anUnknownFirstShardIsNeverReportedAsRolledBackEverywhere() throws Exception {
        Throwable thrown;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 5);  // s1 commits first
            insert(c, 4);  // s0
            c.setNetworkTimeout(background, 1500);
            shards.proxy(1).holdAnswers();
            thrown = catchThrowable(c::commit);
            shards.proxy(1).resume();
        }
        assertThat(thrown).isInstanceOf(CommitUnknownException.class);
        CommitUnknownException e = (CommitUnknownException) thrown;
        assertThat(e.getSQLState()).isEqualTo("08007");
        assertThat(e.committedShards()).isEmpty();
        assertThat(e.unknownShards()).containsExactly("s1");
        assertThat(e.rolledBackShards()).containsExactly("s0");
        assertThat(e.getMessage()).doesNotContain("rolled back on every shard");
        awaitRow(1, 5);
        assertThat(shards.idsOn(0)).isEmpty();
    }
}
