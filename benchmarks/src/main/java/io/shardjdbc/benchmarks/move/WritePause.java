package io.shardjdbc.benchmarks.move;

import io.shardjdbc.ShardDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write pause of an online rebalance, as an application sees it: writer threads update and
 * insert rows of a hash table through {@code jdbc:shard:} while {@code shardctl rebalance} runs in its
 * own process; every write's start and latency is kept. Prints the latencies before the rebalance,
 * during it and within a second of each flip (when a topology version was published), the writes
 * that took over a second, and every error the application saw.
 *
 * <p>Usage: {@code WritePause CONFIG SHARDCTL_JAR TABLE SHARDS THREADS BASELINE_SECONDS KEYS}, the
 * table keyed by {@code id BIGINT} with an INT column {@code v}, loaded with ids 1..KEYS.
 */
public final class WritePause {
    private static final long NANOS = 1_000_000_000L;

    private record Write(long startNanos, long latencyNanos, boolean ok) { }

    /** A line shardctl printed (a step of a move, a catch-up round) and when it came. */
    private record Step(long atNanos, String line) { }

    private WritePause() { }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        String jar = args[1];
        String table = args[2];
        String shards = args[3];
        int threads = Integer.parseInt(args[4]);
        long baseline = Long.parseLong(args[5]);
        long keys = Long.parseLong(args[6]);
        long t0 = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        List<List<Write>> perThread = new ArrayList<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        try (ShardDataSource driver = new ShardDataSource(config)) {
            for (int i = 0; i < threads; i++) {
                List<Write> mine = new ArrayList<>();
                perThread.add(mine);
                long firstNew = keys + 1 + (long) i * 100_000_000L;
                Thread w = new Thread(() -> write(driver, table, keys, firstNew, t0, stop, mine, errors), "writer-" + i);
                w.start();
                writers.add(w);
            }
            Thread.sleep(baseline * 1000);
            long rebalanceStart = System.nanoTime() - t0;
            List<Long> flips = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            Process p = new ProcessBuilder("java", "-jar", jar, "--config", config.toString(), "--json", "rebalance", table,
                    "--shards", shards).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    long at = System.nanoTime() - t0;
                    if (line.contains("published topology version")) flips.add(at);
                    if (!line.contains("\"rowsPerSecond\"")) steps.add(new Step(at, line));
                }
            }
            int exit = p.waitFor();
            long rebalanceEnd = System.nanoTime() - t0;
            Thread.sleep(3000);
            stop.set(true);
            for (Thread w : writers) w.join();

            List<Write> all = new ArrayList<>();
            perThread.forEach(all::addAll);
            System.out.printf(Locale.ROOT, "rebalance: exit %d, %.1f s, %d flips; %d writer threads%n", exit,
                    (rebalanceEnd - rebalanceStart) / 1e9, flips.size(), threads);
            report("before the rebalance", all, 0, rebalanceStart);
            report("during the rebalance", all, rebalanceStart, rebalanceEnd);
            long aroundMax = 0;
            for (long f : flips) {
                for (Write w : all) {
                    if (w.startNanos() >= f - NANOS && w.startNanos() <= f + NANOS) aroundMax = Math.max(aroundMax, w.latencyNanos());
                }
            }
            System.out.printf(Locale.ROOT, "within 1 s of a flip: max %.1f ms%n", aroundMax / 1e6);
            System.out.printf(Locale.ROOT, "writes over 1 s: %d; errors the application saw: %d%n",
                    all.stream().filter(w -> w.latencyNanos() > NANOS).count(), errors.size());
            errors.stream().limit(5).forEach(e -> System.out.println("  " + e));
            if (System.getenv("STEPS") != null) {
                for (Step st : steps) System.out.printf(Locale.ROOT, "%.2f s: %s%n", (st.atNanos() - rebalanceStart) / 1e9, st.line());
            }
            slowWrites(all, steps, rebalanceStart);
        }
    }

    /** Each write over half a second, with the step of the move it started after, to tell where the pause comes from. */
    private static void slowWrites(List<Write> all, List<Step> steps, long rebalanceStart) {
        all.stream().filter(w -> w.latencyNanos() > NANOS / 2).sorted(java.util.Comparator.comparingLong(Write::startNanos)).forEach(w -> {
            String after = "before the rebalance's first step";
            for (Step s : steps) if (s.atNanos() <= w.startNanos()) after = String.format(Locale.ROOT, "%.2f s: %s", (s.atNanos() - rebalanceStart) / 1e9, s.line());
            System.out.printf(Locale.ROOT, "slow write at %.2f s, %.0f ms, after %s%n", (w.startNanos() - rebalanceStart) / 1e9,
                    w.latencyNanos() / 1e6, after.length() > 200 ? after.substring(0, 200) : after);
        });
    }

    private static void report(String what, List<Write> all, long from, long to) {
        long[] lat = all.stream().filter(w -> w.startNanos() >= from && w.startNanos() < to && w.ok())
                .mapToLong(Write::latencyNanos).sorted().toArray();
        if (lat.length == 0) {
            System.out.println(what + ": no writes");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %d writes, %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", what, lat.length,
                lat.length / ((to - from) / 1e9), lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6,
                lat[lat.length - 1] / 1e6);
    }

    /** Updates of loaded rows and inserts of new ones, one statement each in autocommit. */
    private static void write(ShardDataSource driver, String table, long keys, long firstNew, long t0, AtomicBoolean stop,
                              List<Write> out, List<String> errors) {
        long next = firstNew;
        try (Connection c = driver.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET v = v + 1 WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, 0)")) {
            while (!stop.get()) {
                boolean isInsert = ThreadLocalRandom.current().nextInt(4) == 0;
                long start = System.nanoTime();
                boolean ok = true;
                try {
                    if (isInsert) {
                        insert.setLong(1, next++);
                        insert.executeUpdate();
                    } else {
                        update.setLong(1, 1 + ThreadLocalRandom.current().nextLong(keys));
                        update.executeUpdate();
                    }
                } catch (SQLException e) {
                    ok = false;
                    errors.add(e.getSQLState() + " " + e.getMessage());
                }
                long end = System.nanoTime();
                out.add(new Write(start - t0, end - start, ok));
            }
        } catch (SQLException e) {
            errors.add(e.getSQLState() + " " + e.getMessage());
        }
    }

}
