package io.shardjdbc.benchmarks.tx;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cost of {@code transactions: atomic}: write transactions that update one row on each of 1, 2
 * or 4 shards, committed best effort (one commit after the other) and atomically (two-phase commit
 * when two or more shards wrote), on the same 4 shard databases. Per cell: transactions per second
 * and the latency of the whole transaction (statements and commit: median, p99). The cells run in
 * rounds, best effort and atomic alternating, so a busy machine shifts both alike.
 *
 * <p>Each thread updates rows of its own ({@code rows} per shard per thread), so the figures are the
 * protocol's cost, not lock waits. The databases {@code sjdbc_bench_tx_0..3} are recreated.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.tx.CommitBenchmark [--threads 1,4] [--shards 1,2,4] [--seconds 10]
 *      [--rounds 3] [--url jdbc:postgresql://127.0.0.1:5432/ | jdbc:mysql://127.0.0.1:3306/] [--user postgres] [--password ""]
 * </pre>
 */
public final class CommitBenchmark {
    static final int SHARDS = 4;
    static final int ROWS = 200;
    static final String PREFIX = "sjdbc_bench_tx_";

    private CommitBenchmark() { }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/";
        String user = null;
        String password = "";
        int[] threads = {1, 4};
        int seconds = 10;
        int rounds = 3;
        int[] shardCounts = {1, 2, 4};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--shards" -> shardCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> {
                    System.err.println("usage: CommitBenchmark [--threads 1,4] [--shards 1,2,4] [--seconds 10] [--rounds 3] [--url URL]"
                            + " [--user U] [--password P]");
                    System.exit(2);
                }
            }
        }
        boolean pg = url.startsWith("jdbc:postgresql:");
        if (user == null) user = pg ? "postgres" : "root";
        int maxThreads = Arrays.stream(threads).max().orElse(1);
        Properties auth = new Properties();
        auth.setProperty("user", user);
        auth.setProperty("password", password);
        createDatabases(url, auth, pg, maxThreads);
        Path config = writeConfig(url, user, password, pg, maxThreads);
        String[] modes = {"best-effort", "atomic"};
        // [threads][shards][mode] -> latencies (ns) of every round, and transactions / seconds measured
        List<long[]>[][][] lat = new List[threads.length][shardCounts.length][modes.length];
        long[][][] done = new long[threads.length][shardCounts.length][modes.length];
        for (var a : lat) for (var b : a) for (int m = 0; m < modes.length; m++) b[m] = new ArrayList<>();
        try (ShardDataSource bestEffort = new ShardDataSource(ConfigLoader.load(config, Map.of("transactions", "best-effort")));
             ShardDataSource atomic = new ShardDataSource(ConfigLoader.load(config, Map.of("transactions", "atomic")))) {
            ShardDataSource[] sources = {bestEffort, atomic};
            for (int r = 0; r < rounds; r++) {
                for (int t = 0; t < threads.length; t++) {
                    for (int k = 0; k < shardCounts.length; k++) {
                        for (int mi = 0; mi < modes.length; mi++) {
                            int m = (r + k) % 2 == 0 ? mi : 1 - mi; // alternate which mode goes first
                            run(sources[m], threads[t], shardCounts[k], 1, null); // warm-up: a second, unmeasured
                            long[] latencies = run(sources[m], threads[t], shardCounts[k], seconds, null);
                            lat[t][k][m].add(latencies);
                            done[t][k][m] += latencies.length;
                            System.err.printf(Locale.ROOT, "round %d, %d thread(s), %d shard(s), %s: %.0f tx/s%n", r + 1,
                                    threads[t], shardCounts[k], modes[m], latencies.length / (double) seconds);
                        }
                    }
                }
            }
        }
        System.out.println("| threads | shards written | best-effort tx/s | atomic tx/s | best-effort median / p99 ms | atomic median / p99 ms | atomic / best-effort (median latency) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int t = 0; t < threads.length; t++) {
            for (int k = 0; k < shardCounts.length; k++) {
                long[] be = merge(lat[t][k][0]);
                long[] at = merge(lat[t][k][1]);
                double measured = seconds * (double) rounds;
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f | %.2fx |%n", threads[t], shardCounts[k],
                        be.length / measured, at.length / measured, ms(pct(be, 50)), ms(pct(be, 99)), ms(pct(at, 50)), ms(pct(at, 99)),
                        pct(at, 50) / (double) pct(be, 50));
            }
        }
    }

    /** Runs {@code threads} workers for {@code seconds}; each transaction updates one own row on each of {@code shards} shards. */
    static long[] run(ShardDataSource ds, int threads, int shards, int seconds, Void unused) throws Exception {
        List<long[]> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < threads; w++) {
            final int worker = w;
            long[][] out = new long[1][];
            perThread.add(null);
            Thread th = new Thread(() -> {
                long[] buf = new long[1 << 16];
                int n = 0;
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE accounts SET balance = balance + 1 WHERE id = ?")) {
                    c.setAutoCommit(false);
                    ready.countDown();
                    ready.await();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        int row = ThreadLocalRandom.current().nextInt(ROWS);
                        for (int s = 0; s < shards; s++) {
                            ps.setLong(1, id(worker, row, s));
                            ps.executeUpdate();
                        }
                        c.commit();
                        if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
                        buf[n++] = System.nanoTime() - start;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
                out[0] = Arrays.copyOf(buf, n);
                synchronized (perThread) {
                    perThread.set(worker, out[0]);
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) th.join();
        if (!failures.isEmpty()) throw new IllegalStateException("a worker failed", failures.get(0));
        return merge(perThread);
    }

    /** The id of a worker's row on a shard: ids are placed by id % 4. */
    static long id(int worker, int row, int shard) {
        return ((long) worker * ROWS + row) * SHARDS + shard;
    }

    static long[] merge(List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] all = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        Arrays.sort(all);
        return all;
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    static double ms(long nanos) { return nanos / 1e6; }

    private static void createDatabases(String url, Properties auth, boolean pg, int threads) throws SQLException {
        for (int i = 0; i < SHARDS; i++) {
            String db = PREFIX + i;
            try (Connection c = DriverManager.getConnection(url + (pg ? "postgres" : "") + params(pg), auth); Statement st = c.createStatement()) {
                st.execute(pg ? "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + db);
                st.execute("CREATE DATABASE " + db);
            }
            try (Connection c = DriverManager.getConnection(url + db + params(pg), auth); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, balance) VALUES (?, 0)")) {
                    for (int w = 0; w < threads; w++) {
                        for (int row = 0; row < ROWS; row++) {
                            ps.setLong(1, id(w, row, i));
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
        }
    }

    private static String params(boolean pg) {
        return pg ? "" : "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    private static Path writeConfig(String url, String user, String password, boolean pg, int threads) throws Exception {
        StringBuilder y = new StringBuilder("shards:\n");
        for (int i = 0; i < SHARDS; i++) {
            y.append("  s").append(i).append(": { url: \"").append(url).append(PREFIX).append(i).append(params(pg))
                    .append("\", username: \"").append(user).append("\", password: \"").append(password).append("\" }\n");
        }
        y.append("pool: { maximum-pool-size: ").append(threads + 4).append(" }\n");
        y.append("tables:\n  accounts: { key: id, strategy: hash, function: mod, buckets: ").append(SHARDS).append(" }\n");
        Path file = Files.createTempFile("sjdbc-bench-tx-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, y);
        return file;
    }
}
