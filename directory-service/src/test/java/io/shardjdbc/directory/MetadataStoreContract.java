package io.shardjdbc.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.GroupState;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import io.shardjdbc.metadata.PlacementState.RegionEntry;
import io.shardjdbc.metadata.PlacementState.ShardEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link MetadataStore} does, whatever it runs on: the JDBC store on each database and
 * the HTTP client in front of the directory service run these same tests. Tests share one store
 * per class, so each uses its own directory names and publishes at whatever version it finds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MetadataStoreContract {
    /** The store under test, open for the whole class. */
    protected abstract MetadataStore store();

    /** A placement with one group of each kind: hash, range, geo and directory. */
    public static PlacementState sample(String firstShard) {
        List<ShardEntry> shards = List.of(new ShardEntry(firstShard, "jdbc:postgresql://db0:5432/app"),
                new ShardEntry("s1", "jdbc:postgresql://db1:5432/app"), new ShardEntry("s2", "jdbc:postgresql://db2:5432/app"));
        List<String> buckets = IntStream.range(0, 16).mapToObj(b -> b < 6 ? firstShard : b < 11 ? "s1" : "s2").toList();
        GroupState hash = new GroupState(buckets, null, null);
        GroupState range = new GroupState(null, List.of(new RangeEntry("1000", firstShard), new RangeEntry("2000", "s1"),
                new RangeEntry(null, "s2")), null);
        GroupState geo = new GroupState(null, null, Map.of(
                "eu", new RegionEntry(List.of("DE", "FR", "IT"), List.of(firstShard, "s1", firstShard, "s1")),
                "us", new RegionEntry(List.of("US", "CA"), List.of("s2", "s2"))));
        GroupState directory = new GroupState(null, null, null);
        return new PlacementState(0, shards, Map.of("orders", hash, "events", range, "customers", geo, "tenants", directory));
    }

    @Test
    void publishedPlacementReadsBackWithItsVersion() throws SQLException {
        long before = store().version();
        PlacementState state = sample("s0");
        long v = store().publish(state, before);
        assertThat(v).isEqualTo(before + 1);
        assertThat(store().version()).isEqualTo(v);
        PlacementState read = store().placement();
        assertThat(read).isEqualTo(new PlacementState(v, state.shards(), state.groups()));
        assertThat(read.groups().get("customers").regions().get("eu").countries()).containsExactly("DE", "FR", "IT");
        assertThat(read.groups().get("events").ranges().get(2).below()).isNull();
        assertThat(read.groups().get("tenants")).isEqualTo(new GroupState(null, null, null));
    }

    @Test
    void aStalePublishFailsWith40001NamingBothVersions() throws SQLException {
        long before = store().version();
        long v = store().publish(sample("s0"), before);
        assertThatThrownBy(() -> store().publish(sample("s9"), before))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("40001");
                    assertThat(e.getMessage()).contains("expected version " + before).contains("version " + v);
                });
        assertThat(store().placement().shards().get(0).name()).isEqualTo("s0");
        assertThat(store().version()).isEqualTo(v);
    }

    @Test
    void ofConcurrentPublishersAtOneVersionExactlyOneWins() throws Exception {
        long before = store().version();
        int threads = 6;
        List<Callable<Long>> tasks = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            String first = "p" + t;
            tasks.add(() -> {
                start.await();
                try {
                    return store().publish(sample(first), before);
                } catch (SQLException e) {
                    if ("40001".equals(e.getSQLState())) return -1L;
                    throw e;
                }
            });
        }
        List<Long> results = runAll(tasks, start);
        assertThat(results.stream().filter(r -> r > 0).toList()).containsExactly(before + 1);
        assertThat(store().version()).isEqualTo(before + 1);
        String winner = "p" + results.indexOf(before + 1);
        assertThat(store().placement().shards().get(0).name()).isEqualTo(winner);
    }

    @Test
    void aPlacementNamingAnUnknownShardIsRefusedWith22023() throws SQLException {
        long before = store().version();
        PlacementState bad = new PlacementState(0, List.of(new ShardEntry("s0", "jdbc:h2:mem:x")),
                Map.of("orders", new GroupState(List.of("s0", "s7"), null, null)));
        assertThatThrownBy(() -> store().publish(bad, before))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("22023");
                    assertThat(e.getMessage()).contains("orders").contains("s7");
                });
        assertThat(store().version()).isEqualTo(before);
    }

    @Test
    void racingAssignmentsLeaveExactlyOneOwnerPerKey(TestInfo test) throws Exception {
        String directory = directory(test);
        publishShards(8);
        int threads = 8;
        int keys = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Map<String, String>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String shard = "s" + t;
            tasks.add(() -> {
                start.await();
                Map<String, String> seen = new java.util.HashMap<>();
                for (int k = 0; k < keys; k++) seen.put("tenant-" + k, store().assign(directory, "tenant-" + k, shard));
                return seen;
            });
        }
        List<Map<String, String>> seen = runAll(tasks, start);
        Map<String, String> owners = store().lookup(directory, IntStream.range(0, keys).mapToObj(k -> "tenant-" + k).toList());
        assertThat(owners).hasSize(keys);
        for (Map<String, String> s : seen) assertThat(s).isEqualTo(owners); // every thread was told the one owner
        Map<String, Long> perShard = store().keysPerShard(directory);
        assertThat(perShard.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(keys);
        assertThat(perShard).isEqualTo(owners.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
    }

    @Test
    void assignKeepsTheFirstOwner(TestInfo test) throws SQLException {
        String directory = directory(test);
        publishShards(8);
        assertThat(store().assign(directory, "acme", "s1")).isEqualTo("s1");
        assertThat(store().assign(directory, "acme", "s2")).isEqualTo("s1");
        assertThat(store().lookup(directory, List.of("acme"))).isEqualTo(Map.of("acme", "s1"));
    }

    @Test
    void keysAreExactTextAndDirectoriesAreSeparate(TestInfo test) throws SQLException {
        String directory = directory(test);
        publishShards(8);
        assertThat(store().assign(directory, "Acme", "s1")).isEqualTo("s1");
        assertThat(store().assign(directory, "acme", "s2")).isEqualTo("s2");
        assertThat(store().assign(directory, "acme ", "s0")).isEqualTo("s0");
        assertThat(store().assign(directory, "ü/ß?&#%", "s0")).isEqualTo("s0");
        assertThat(store().assign(directory + "_other", "acme", "s0")).isEqualTo("s0");
        assertThat(store().lookup(directory, List.of("Acme", "acme", "acme ", "ü/ß?&#%", "ACME")))
                .isEqualTo(Map.of("Acme", "s1", "acme", "s2", "acme ", "s0", "ü/ß?&#%", "s0"));
    }

    @Test
    void batchLookupFindsKnownKeysAndLeavesUnknownOnesOut(TestInfo test) throws SQLException {
        String directory = directory(test);
        publishShards(8);
        for (int k = 0; k < 100; k += 2) store().assign(directory, String.valueOf(k), "s" + (k % 3));
        List<String> asked = IntStream.range(0, 100).mapToObj(String::valueOf).toList();
        Map<String, String> found = store().lookup(directory, asked);
        assertThat(found).hasSize(50);
        for (int k = 0; k < 100; k++) {
            if (k % 2 == 0) assertThat(found).containsEntry(String.valueOf(k), "s" + (k % 3));
            else assertThat(found).doesNotContainKey(String.valueOf(k));
        }
        assertThat(store().lookup(directory, List.of("nobody"))).isEmpty();
        assertThat(store().lookup(directory, List.of())).isEmpty();
        assertThat(store().lookup(directory + "_nothing", asked)).isEmpty();
        assertThat(store().keysPerShard(directory + "_nothing")).isEmpty();
    }

    @Test
    void anAssignmentToAShardTheTopologyDoesNotListIsRefusedWith23503(TestInfo test) throws SQLException {
        String directory = directory(test);
        publishShards(3);
        assertThatThrownBy(() -> store().assign(directory, "acme", "s7"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("23503");
                    assertThat(e.getMessage()).contains("s7").contains("acme").contains("[s0, s1, s2]");
                });
        assertThat(store().lookup(directory, List.of("acme"))).isEmpty();
        assertThat(store().assign(directory, "acme", "s2")).isEqualTo("s2");
    }

    /** Publishes a topology of shards s0 .. s(n-1) at whatever version the store is at, so assignments to them are valid. */
    protected void publishShards(int n) throws SQLException {
        List<ShardEntry> shards = IntStream.range(0, n).mapToObj(i -> new ShardEntry("s" + i, "jdbc:h2:mem:s" + i)).toList();
        store().publish(new PlacementState(0, shards, Map.of()), store().version());
    }

    @Test
    void aKeyLongerThanTheStoreKeepsIsRefusedWith22001(TestInfo test) {
        String directory = directory(test);
        assertThatThrownBy(() -> store().assign(directory, "k".repeat(513), "s0"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22001"));
    }

    /** A directory name of this test alone, so tests sharing a store never see each other's keys. */
    protected static String directory(TestInfo test) {
        return "dir_" + test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs the tasks on their own threads, releases them together and returns their results in order. */
    protected static <T> List<T> runAll(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) futures.add(pool.submit(t));
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(120, TimeUnit.SECONDS));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
