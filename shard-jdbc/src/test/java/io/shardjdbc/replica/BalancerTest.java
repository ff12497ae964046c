package io.shardjdbc.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ReplicaSpec;
import io.shardjdbc.config.ShardSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each balancer spreads reads over the usable replicas of a shard. */
class BalancerTest {
    private static final ShardSpec SHARD = new ShardSpec("s0", "jdbc:h2:mem:s0", null, null, Map.of(), null, List.of());

    private static ReplicaNode node(int index, int weight) {
        return new ReplicaNode(0, index, SHARD, new ReplicaSpec("jdbc:h2:mem:r" + index, null, null, weight));
    }

    private static Map<Integer, Integer> picks(Balancer b, List<ReplicaNode> nodes, int n) {
        Map<Integer, Integer> by = new HashMap<>();
        for (int i = 0; i < n; i++) by.merge(b.pick(0, nodes).index(), 1, Integer::sum);
        return by;
    }

    @Test
    void roundRobinTakesEachInTurn() {
        List<ReplicaNode> nodes = List.of(node(0, 1), node(1, 5), node(2, 1));
        Balancer b = Balancer.named("round-robin", 1);
        assertThat(List.of(b.pick(0, nodes).index(), b.pick(0, nodes).index(), b.pick(0, nodes).index(), b.pick(0, nodes).index()))
                .containsExactly(0, 1, 2, 0);
        assertThat(picks(b, nodes, 300)).containsEntry(0, 100).containsEntry(1, 100).containsEntry(2, 100);
    }

    @Test
    void weightedRandomFollowsTheWeights() {
        List<ReplicaNode> nodes = List.of(node(0, 1), node(1, 3));
        Map<Integer, Integer> by = picks(Balancer.named("weighted-random", 1), nodes, 40_000);
        // expected 30,000; the standard deviation is about 87
        assertThat(by.get(1)).isBetween(29_400, 30_600);
    }

    @Test
    void leastInFlightAvoidsBusyReplicas() {
        ReplicaNode a = node(0, 1);
        ReplicaNode b = node(1, 1);
        Balancer lif = Balancer.named("least-in-flight", 1);
        a.beginRead();
        a.beginRead();
        b.beginRead();
        for (int i = 0; i < 10; i++) assertThat(lif.pick(0, List.of(a, b))).isSameAs(b);
        a.endRead();
        a.endRead();
        assertThat(picks(lif, List.of(a, b), 10)).containsOnlyKeys(0);
        b.endRead();
        assertThat(picks(lif, List.of(a, b), 10)).containsEntry(0, 5).containsEntry(1, 5);
    }

    @Test
    void aReplicaCaughtUpAMomentAgoIsNotFarBehindWhateverItsLastCommitsAgeSays() {
        ReplicaNode n = node(0, 1);
        n.measured(new ReplicaDialect.Status(0, "0/10"));
        // a quiet primary: the last replayed commit is an hour old, a few bytes of WAL are not replayed yet
        n.measured(new ReplicaDialect.Status(3_600_000, "0/10"));
        assertThat(n.lagMillis()).isLessThan(60_000);
        assertThat(n.usable(60_000)).isTrue();
        // no lag figure at all (a stopped SQL thread) stays unknown
        n.measured(new ReplicaDialect.Status(ReplicaDialect.UNKNOWN, "0/10"));
        assertThat(n.usable(Long.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void aFailedReplicaIsOutUntilItIsMeasuredAgain() {
        ReplicaNode n = node(0, 1);
        assertThat(n.usable(1000)).as("never measured").isFalse();
        n.measured(new ReplicaDialect.Status(10, null));
        assertThat(n.usable(1000)).isTrue();
        assertThat(n.usable(5)).as("over max-lag").isFalse();
        n.failed(new java.sql.SQLException("gone", "08006"));
        assertThat(n.isDown()).isTrue();
        assertThat(n.usable(1000)).isFalse();
        assertThat(n.probeDue(System.nanoTime())).as("backing off").isFalse();
        n.measured(new ReplicaDialect.Status(0, null));
        assertThat(n.isDown()).isFalse();
        assertThat(n.usable(1000)).isTrue();
    }
}
