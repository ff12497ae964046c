package io.shardjdbc.benchmarks.workload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * One target in a JVM of its own, driven line by line over stdin by {@link Workload}. Replies are
 * lines starting with {@code @@} on the original stdout; anything a library prints goes to stderr.
 *
 * <pre>
 * INIT target configPath targetIndex      -> @@READY ms=...
 * CHECK workload samples seed outFile      -> @@CHECK sha256-per-sample,...   (canonical text in outFile)
 * RUN workload threads warmupMs measureMs seed -> @@MARK (after warm-up; waits for the line GO, then measures)
 *                                             -> @@RESULT key=value ...
 * QUIT
 * </pre>
 */
public final class Worker {
    private static final int WARMUP = 0, MEASURE = 1, DONE = 2;

    private final PrintStream out;
    private DataSource ds;
    private AutoCloseable closer;
    private AtomicLong fresh;

    private Worker(PrintStream out) { this.out = out; }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Worker w = new Worker(protocol);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] a = line.trim().split(" ");
            try {
                switch (a[0]) {
                    case "INIT" -> w.init(a[1], a[2], Integer.parseInt(a[3]));
                    case "CHECK" -> w.check(Workloads.byId(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]), Path.of(a[4]));
                    case "RUN" -> w.run(Workloads.byId(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]), Long.parseLong(a[4]), Long.parseLong(a[5]), in);
                    case "QUIT" -> {
                        w.close();
                        protocol.println("@@BYE");
                        System.exit(0);
                    }
                    default -> protocol.println("@@ERROR unknown command " + a[0]);
                }
            } catch (Throwable t) {
                t.printStackTrace();
                protocol.println("@@ERROR " + oneLine(t));
            }
        }
        w.close();
        System.exit(0);
    }

    static String oneLine(Throwable t) {
        String m = t.getClass().getName() + ": " + t.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private void init(String target, String config, int targetIndex) throws Exception {
        long t0 = System.nanoTime();
        ds = Targets.open(target, Path.of(config));
        closer = ds instanceof AutoCloseable c ? c : null;
        fresh = Workloads.freshIds(targetIndex);
        try (Connection c = ds.getConnection(); var s = c.prepareStatement(Workloads.POINT)) {
            s.setLong(1, 1);
            try (var rs = s.executeQuery()) {
                while (rs.next()) rs.getString(1);
            }
        }
        out.println("@@READY ms=" + (System.nanoTime() - t0) / 1_000_000);
    }

    private void check(Workloads w, int samples, long seed, Path file) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> digests = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (Connection c = ds.getConnection(); Workloads.Op op = w.open(c, fresh)) {
            for (int i = 0; i < samples; i++) {
                String s = op.sample(r, i);
                text.append("## sample ").append(i).append('\n').append(s);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                digests.add(HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16));
            }
        }
        Files.writeString(file, text);
        out.println("@@CHECK " + String.join(",", digests));
    }

    private void run(Workloads w, int threads, long warmupMs, long measureMs, long seed, BufferedReader in) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger(WARMUP);
        CountDownLatch ready = new CountDownLatch(threads);
        LatencyHistogram[] hist = new LatencyHistogram[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int ti = t;
            hist[t] = new LatencyHistogram();
            ts[t] = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + ti);
                try (Connection c = ds.getConnection(); Workloads.Op op = w.open(c, fresh)) {
                    ready.countDown();
                    LatencyHistogram h = hist[ti];
                    int p;
                    while ((p = phase.get()) != DONE) {
                        long t0 = System.nanoTime();
                        try {
                            op.run(r);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, oneLine(e));
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (p == MEASURE && phase.get() == MEASURE) h.record(t1 - t0);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, oneLine(e));
                    ready.countDown();
                }
            }, "client-" + t);
            ts[t].start();
        }
        ready.await();
        Thread.sleep(warmupMs);
        // the coordinator snapshots the server's counters, then says GO: the window starts here
        out.println("@@MARK");
        String go = in.readLine();
        if (!"GO".equals(go)) throw new IllegalStateException("expected GO, got " + go);
        long[] ids0 = tmx.getAllThreadIds();
        long[] alloc0 = tmx.getThreadAllocatedBytes(ids0);
        long gc0 = gcTime(gcs);
        long cpu0 = os.getProcessCpuTime();
        long err0 = errors.get();
        long t0 = System.nanoTime();
        phase.set(MEASURE);
        Thread.sleep(measureMs);
        phase.set(DONE);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long gc1 = gcTime(gcs);
        long[] ids1 = tmx.getAllThreadIds();
        long[] alloc1 = tmx.getThreadAllocatedBytes(ids1);
        long measuredErrors = errors.get() - err0;
        for (Thread t : ts) t.join();
        Map<Long, Long> before = new HashMap<>();
        for (int i = 0; i < ids0.length; i++) before.put(ids0[i], alloc0[i]);
        long alloc = 0;
        for (int i = 0; i < ids1.length; i++) if (alloc1[i] >= 0) alloc += alloc1[i] - before.getOrDefault(ids1[i], 0L);
        LatencyHistogram all = new LatencyHistogram();
        for (LatencyHistogram h : hist) all.add(h);
        out.println("@@RESULT ops=" + all.count() + " elapsedNs=" + (t1 - t0) + " cpuNs=" + (cpu1 - cpu0)
                + " allocBytes=" + alloc + " gcMs=" + (gc1 - gc0)
                + " p50Ns=" + all.percentile(0.50) + " p99Ns=" + all.percentile(0.99) + " p999Ns=" + all.percentile(0.999)
                + " meanNs=" + (long) all.meanNanos() + " errors=" + measuredErrors
                + (firstError.get() == null ? "" : " firstError=" + firstError.get().replace(' ', '_')));
    }

    private static long gcTime(List<java.lang.management.GarbageCollectorMXBean> gcs) {
        long t = 0;
        for (var g : gcs) t += Math.max(0, g.getCollectionTime());
        return t;
    }

    private void close() {
        if (closer != null) {
            try {
                closer.close();
            } catch (Exception ignored) {
                // exiting
            }
        }
    }
}
