package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spreading a bucket map: even shares, as few buckets moved as possible, and bucket lists on the command line. */
class RebalanceTest {
    private static List<String> map(int buckets, String... shards) {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < buckets; b++) out.add(shards[b * shards.length / buckets]);
        return out;
    }

    private static int moved(List<String> before, List<String> after) {
        int n = 0;
        for (int b = 0; b < before.size(); b++) if (!before.get(b).equals(after.get(b))) n++;
        return n;
    }

    @Test
    void twoShardsOntoFourMovesHalfTheBucketsAndEndsEven() {
        List<String> before = map(64, "s0", "s1");
        List<String> after = Rebalance.spread(before, List.of("s0", "s1", "s2", "s3"));
        for (String s : List.of("s0", "s1", "s2", "s3")) assertThat(Collections.frequency(after, s)).isEqualTo(16);
        assertThat(moved(before, after)).isEqualTo(32);
        List<Rebalance.Transfer> t = Rebalance.transfers(before, after);
        assertThat(t).extracting(Rebalance.Transfer::source).containsOnly("s0", "s1");
        assertThat(t.stream().mapToInt(x -> x.buckets().size()).sum()).isEqualTo(32);
    }

    @Test
    void anEvenMapMovesNothingAndARemovedShardGivesOnlyItsOwn() {
        List<String> even = map(12, "s0", "s1", "s2");
        assertThat(Rebalance.transfers(even, Rebalance.spread(even, List.of("s2", "s0", "s1")))).isEmpty();
        List<String> after = Rebalance.spread(even, List.of("s0", "s1"));
        assertThat(moved(even, after)).isEqualTo(4);
        assertThat(Rebalance.transfers(even, after)).extracting(Rebalance.Transfer::source).containsOnly("s2");
    }

    @Test
    void unevenCountsGiveTheExtraBucketsToShardsThatHoldThemAlready() {
        List<String> before = map(10, "s0", "s1");
        List<String> after = Rebalance.spread(before, List.of("s0", "s1", "s2"));
        assertThat(moved(before, after)).isEqualTo(3); // 4 + 3 + 3: s0 and s1 give 1 and 2, or 2 and 1
        assertThat(Collections.frequency(after, "s2")).isEqualTo(3);
    }

    @Test
    void bucketListsParseAndPrintAsRanges() {
        Buckets b = Buckets.parse("0-3, 7,9-10", 16);
        assertThat(b.names()).containsExactly("0", "1", "2", "3", "7", "9", "10");
        assertThat(b).hasToString("0-3,7,9-10");
        assertThatThrownBy(() -> Buckets.parse("0-16", 16)).hasMessageContaining("not within 0-15");
        assertThatThrownBy(() -> Buckets.parse("a-b", 16)).hasMessageContaining("'a-b' is not a bucket");
    }
}
