package io.shardjdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.commit.CommitUnknownException;
import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.commit.ShardCommitException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every commit whose outcome is unknown surfaces as one type with SQLState 08007, whichever commit
 * protocol ran: what is known per shard, the transaction id where there is one, and what to do.
 */
class CommitUnknownExceptionTest {
    private final SQLException lost = new SQLException("I/O error: connection reset", "08006");

    @Test
    void aBestEffortCommitNamesWhatEachShardDidAndHasNoTransactionId() {
        CommitUnknownException e = new CommitUnknownException(List.of("s0"), List.of("s3"), List.of("s2"), "s2", lost);
        assertThat(e.getSQLState()).isEqualTo("08007");
        assertThat(e.committedShards()).containsExactly("s0");
        assertThat(e.rolledBackShards()).containsExactly("s3");
        assertThat(e.unknownShards()).containsExactly("s2");
        assertThat(e.failedShard()).isEqualTo("s2");
        assertThat(e.transactionId()).isEmpty();
        assertThat(e.getMessage()).contains("Check on [s2]").contains("connection reset");
        assertThat(e.getCause()).isSameAs(lost);
    }

    @Test
    void anAtomicCommitInDoubtIsTheSameTypeWithItsTransactionIdAndEveryParticipantUnknown() {
        GlobalTransactionId id = new GlobalTransactionId("host-1-a", 42, "s1");
        SQLException e = CommitUnknownException.inDoubt(id, List.of("s1", "s0", "s2"), lost);
        assertThat((Throwable) e).isInstanceOf(CommitUnknownException.class).isInstanceOf(ShardCommitException.class);
        CommitUnknownException u = (CommitUnknownException) e;
        assertThat(u.getSQLState()).isEqualTo(CommitUnknownException.SQL_STATE).isEqualTo("08007");
        assertThat(u.transactionId()).contains(id);
        assertThat(u.unknownShards()).containsExactly("s1", "s0", "s2");
        assertThat(u.committedShards()).isEmpty();
        assertThat(u.rolledBackShards()).isEmpty();
        assertThat(u.failedShard()).isEqualTo("s1");
        assertThat(u.getMessage()).contains(id.text()).contains("shardctl tx list").contains("all commit or all roll back");
    }
}
