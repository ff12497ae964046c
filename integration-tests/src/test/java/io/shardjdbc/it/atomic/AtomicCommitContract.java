package io.shardjdbc.it.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.tx.CommitObserver;
import io.shardjdbc.tx.Decision;
import io.shardjdbc.tx.InDoubtRecovery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code transactions: atomic} in one process: a transaction that wrote on two shards commits both by
 * two-phase commit with its decision on the first shard; one-shard and read-only participants stay
 * one-phase; a participant lost before PREPARE rolls back every shard; the decision shard lost at its
 * commit is settled from a fresh connection; a participant lost in the second phase leaves the
 * decision standing and recovery commits it; recovery leaves a live coordinator's branches alone.
 * Accounts: id 0, 3, 6... on s0, 1, 4, 7... on s1, 2, 5, 8... on s2.
 */
abstract class AtomicCommitContract extends AtomicContract {
    private ShardDataSource ds;
    private final AtomicReference<Throwable> observerFailure = new AtomicReference<>();

    AtomicCommitContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    String concern() {
        return "commit";
    }

    @BeforeAll
    void setUp() throws Exception {
        ds = shards.dataSource("");
    }

    @BeforeEach
    void forgetEarlierDecisions() throws Exception {
        shards.clearDecisions();
    }

    @AfterEach
    void noBranchLeftPrepared() throws Exception {
        assertThat(observerFailure.getAndSet(null)).as("what the test did inside the commit").isNull();
        try (Connection c = ds.getConnection()) {
            AtomicShards.atomic(c).observe(null);
        }
        assertThat(shards.preparedBranches()).isEmpty();
    }

    @Test
    void aTransactionThatWroteOnTwoShardsCommitsBothWithItsDecisionOnTheFirst() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 1, "a", 100);
            AtomicShards.insert(c, 2, "b", 200);
            c.commit();
        }
        assertThat(shards.balanceOn(1, 1)).isEqualTo(100);
        assertThat(shards.balanceOn(2, 2)).isEqualTo(200);
        assertThat(shards.decisionsOn(1)).singleElement().asString().endsWith(" C s1,s2").contains(":s1 ");
        assertThat(shards.decisionsOn(2)).isEmpty();
    }

    @Test
    void oneShardTransactionsAndReadOnlyParticipantsStayOnePhase() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 10, "one", 1); // s1 only
            c.commit();
            try (var st = c.createStatement()) {
                st.executeQuery("SELECT balance FROM accounts WHERE id = 9").close(); // s0, read only
                st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 10"); // s1
                st.executeQuery("SELECT balance FROM accounts WHERE id = 11").close(); // s2, read only
            }
            c.commit();
        }
        assertThat(shards.balanceOn(1, 10)).isEqualTo(2);
        for (int s = 0; s < AtomicShards.SHARDS; s++) assertThat(shards.decisionsOn(s)).as("decisions on s%d", s).isEmpty();
    }

    @Test
    void aParticipantLostBeforePrepareRollsBackEveryShard() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 21, "x", 1); // s0 first: the decision shard
            AtomicShards.insert(c, 22, "y", 1);
            AtomicShards.insert(c, 23, "z", 1);
            shards.kill(shards.sessionOf(c, 23)); // s2
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                    .hasMessageContaining("was rolled back on every shard").hasMessageContaining("PREPARE failed on shard s2");
        }
        assertThat(shards.rowsOn(0, "id = 21") + shards.rowsOn(1, "id = 22") + shards.rowsOn(2, "id = 23")).isZero();
        assertThat(shards.decisionsOn(0)).isEmpty();
    }

    @Test
    void theDecisionShardLostAtItsCommitIsAskedAgainAndTheOutcomeIsReported() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 31, "x", 1); // s1: the decision shard
            AtomicShards.insert(c, 32, "y", 1); // s2
            long decisionSession = shards.sessionOf(c, 31);
            AtomicShards.atomic(c).observe(at(CommitObserver.Step.PREPARED, () -> shards.kill(decisionSession)));
            // the decision shard's transaction died with its session: a fresh connection learns it will never commit
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                    .hasMessageContaining("was rolled back on every shard").hasMessageContaining("decision shard s1 lost its commit");
        }
        assertThat(shards.rowsOn(1, "id = 31") + shards.rowsOn(2, "id = 32")).isZero();
        assertThat(shards.decisionsOn(1)).singleElement().asString().endsWith(" R ");
    }

    @Test
    void aParticipantLostInThePhaseTwoLeavesTheDecisionStandingAndRecoveryCommitsIt() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 42, "x", 7); // s0: the decision shard
            AtomicShards.insert(c, 43, "y", 8); // s1
            long participant = shards.sessionOf(c, 43);
            AtomicShards.atomic(c).observe(at(CommitObserver.Step.DECIDED, () -> shards.kill(participant)));
            c.commit(); // committed: the decision stands, the application is not told of the lost participant
            AtomicShards.atomic(c).observe(null);
            assertThat(shards.balanceOn(0, 42)).isEqualTo(7);
            assertThat(shards.balanceOn(1, 43)).isNull();
            assertThat(shards.preparedBranches()).hasSize(1);
            List<InDoubtRecovery.Outcome> outcomes = AtomicShards.atomic(c).recovery().runOnce();
            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.decision()).isEqualTo(Decision.COMMIT);
                assertThat(o.finished()).isTrue();
                assertThat(o.branch().shard()).isEqualTo("s1");
            });
        }
        assertThat(shards.balanceOn(1, 43)).isEqualTo(8);
    }

    @Test
    void recoveryLeavesTheBranchesOfALiveCoordinatorAlone() throws Exception {
        AtomicReference<List<InDoubtRecovery.Outcome>> seen = new AtomicReference<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 52, "x", 1); // s1: the decision shard
            AtomicShards.insert(c, 53, "y", 2); // s2
            InDoubtRecovery recovery = AtomicShards.atomic(c).recovery();
            AtomicShards.atomic(c).observe(at(CommitObserver.Step.PREPARED, () -> seen.set(recovery.runOnce())));
            c.commit();
        }
        assertThat(seen.get()).singleElement().satisfies(o -> {
            assertThat(o.decision()).isEqualTo(Decision.PENDING);
            assertThat(o.finished()).isFalse();
        });
        assertThat(shards.balanceOn(1, 52)).isEqualTo(1);
        assertThat(shards.balanceOn(2, 53)).isEqualTo(2);
    }

    @Test
    void savepointsAndRollbackWorkAcrossBranches() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            AtomicShards.insert(c, 60, "x", 1); // s0
            var sp = c.setSavepoint();
            AtomicShards.insert(c, 61, "y", 1); // s1 joins after the savepoint
            c.rollback(sp);
            AtomicShards.insert(c, 62, "z", 1); // s2
            c.commit();
            AtomicShards.insert(c, 63, "gone", 1); // s0
            AtomicShards.insert(c, 64, "gone", 1); // s1
            c.rollback();
        }
        assertThat(shards.rowsOn(0, "id IN (60, 63)")).isEqualTo(1);
        assertThat(shards.rowsOn(1, "id IN (61, 64)")).isZero();
        assertThat(shards.rowsOn(2, "id = 62")).isEqualTo(1);
    }

    @Test
    void aReaderCanSeeOneShardsPartBeforeAnothersUnlessItReadsWithLocks() throws Exception {
        try (Connection c = ds.getConnection()) {
            AtomicShards.insert(c, 90, "from", 100); // s0
            AtomicShards.insert(c, 91, "to", 0); // s1
        }
        String lock = shards.isPostgres() ? " FOR SHARE" : " LOCK IN SHARE MODE";
        AtomicReference<Long> plainTotal = new AtomicReference<>();
        java.util.concurrent.CompletableFuture<Long> lockedTotal;
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection writer = ds.getConnection(); Connection plain = ds.getConnection(); Connection locking = ds.getConnection()) {
            java.util.concurrent.CompletableFuture<Long>[] started = new java.util.concurrent.CompletableFuture[1];
            AtomicShards.atomic(writer).observe(at(CommitObserver.Step.DECIDED, () -> {
                // s0 committed, s1 still prepared: a plain read sees the money gone from 90 and not yet on 91
                plainTotal.set(balance(plain, 90, "") + balance(plain, 91, ""));
                // a locking read waits for the prepared part to commit, then sees both
                locking.setAutoCommit(false);
                started[0] = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        long total = balance(locking, 90, lock) + balance(locking, 91, lock);
                        locking.commit();
                        return total;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, reader);
                shards.awaitLockWait(java.time.Duration.ofSeconds(30));
            }));
            writer.setAutoCommit(false);
            try (var st = writer.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = balance - 50 WHERE id = 90");
                st.executeUpdate("UPDATE accounts SET balance = balance + 50 WHERE id = 91");
            }
            writer.commit();
            lockedTotal = started[0];
            assertThat(lockedTotal.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("total seen with locking reads").isEqualTo(100);
        } finally {
            reader.shutdownNow();
        }
        assertThat(plainTotal.get()).as("total seen by plain reads during the second phase (a fractured read)").isEqualTo(50);
    }

    private static long balance(Connection c, long id, String lock) throws SQLException {
        try (var ps = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?" + lock)) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs {@code action} once, when a commit reaches {@code step}; its failure fails the test (see {@link #noBranchLeftPrepared}). */
    private CommitObserver at(CommitObserver.Step step, SqlAction action) {
        return new CommitObserver() {
            private boolean done;

            @Override
            public void reached(Step s, io.shardjdbc.commit.GlobalTransactionId id, String shard) {
                if (s != step || done) return;
                done = true;
                try {
                    action.run();
                } catch (SQLException | RuntimeException | AssertionError e) {
                    observerFailure.set(e);
                }
            }
        };
    }

    @FunctionalInterface
    interface SqlAction {
        void run() throws SQLException;
    }
}
