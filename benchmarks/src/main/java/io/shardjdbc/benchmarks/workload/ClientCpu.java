package io.shardjdbc.benchmarks.workload;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The driver's own CPU per statement, measured on the calling thread: one client thread runs a
 * workload through {@code raw} (HikariCP + pgjdbc) and through {@code shard1} ({@code jdbc:shard:} on
 * the same database), or with {@code --shards 4} through {@code raw4} and {@code shard4}, in short
 * alternating blocks (raw, shard1, raw again, then the reverse order, ...), and reads the
 * thread's CPU time and allocated bytes around each block. The difference of paired blocks is the
 * driver's cost; a third column runs raw again on a second connection (the control: what the
 * difference of two identical clients looks like). With {@code --shards 4} the multi-shard
 * statements run partly on other threads (the driver's and {@link HandMerged}'s pools), so the
 * blocks read the whole process's CPU time and every thread's allocation instead.
 *
 * <p>Why a second instrument: the throughput run measures the whole process on a 2-core machine
 * that the database shares, where one client's extra microsecond is buried under the server's
 * variation between measurements (±10% between two raw JVMs, see BENCHMARKS.md). The calling
 * thread's own CPU time over thousands of operations is not: the server's work, JIT compiler and
 * GC threads are outside it, and alternating blocks cancel slow drift. It leaves out the GC cost of
 * the extra allocation, which the alloc column states.
 */
public final class ClientCpu {
    static final String USAGE = """
            options (defaults in brackets):
              --pg URL            admin JDBC URL prefix, database name appended [jdbc:postgresql://127.0.0.1:5432/]
              --user U --password P                                            [postgres / empty]
              --workloads LIST    as the workload driver's; all but the scatter ones by default
                                  [point_select,update_k,insert_delete,in_list_10,id_range_100,deep_page]
              --warmup S          seconds each target runs a workload before measuring [10]
              --blocks N          measured blocks per target and workload [20]
              --block-ms MS       length of one block [500]
              --shards N          1: raw vs shard1 (the default); 4: raw4 (hand-routed JDBC on the 4 shard
                                  databases, multi-shard statements merged by hand) vs shard4, every
                                  workload but deep_page by default, measured on the whole process
              --out DIR           where the configs and report.md go [benchmarks/target/client-cpu/<time>]
            """;

    private final Map<String, String> opt = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        ClientCpu c = new ClientCpu();
        if (!Workload.parseOptions(args, USAGE, c.opt)) return;
        c.run();
        System.exit(0);
    }

    private String o(String k, String def) { return opt.getOrDefault(k, def); }

    /** One target's connection and prepared statements, and what its blocks measured. */
    private static final class Client {
        final Connection connection;
        final Workloads.Op op;
        final SplittableRandom random;
        final List<double[]> blocks = new ArrayList<>(); // {cpu ns/op, allocated bytes/op, ops/s}

        Client(DataSource ds, Workloads w, AtomicLong fresh, long seed) throws Exception {
            this.connection = ds.getConnection();
            this.op = w.open(connection, fresh);
            this.random = new SplittableRandom(seed);
        }

        /**
         * Runs operations for about {@code ms}; returns {cpu ns/op, bytes/op, ops/s} of this thread, or with
         * {@code wholeProcess} of the whole JVM (CPU) and all its threads (allocation).
         */
        double[] block(long ms, boolean wholeProcess) throws Exception {
            long start = System.nanoTime(), end = start + ms * 1_000_000;
            long n = 0;
            long cpu0 = cpu(wholeProcess), mem0 = allocated(wholeProcess);
            long now;
            do {
                for (int i = 0; i < 16; i++) op.run(random);
                n += 16;
                now = System.nanoTime();
            } while (now < end);
            long cpu1 = cpu(wholeProcess), mem1 = allocated(wholeProcess);
            return new double[] {(cpu1 - cpu0) / (double) n, (mem1 - mem0) / (double) n, n * 1e9 / (now - start)};
        }

        private static long cpu(boolean wholeProcess) {
            if (!wholeProcess) return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long allocated(boolean wholeProcess) {
            var tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            if (!wholeProcess) return tmx.getThreadAllocatedBytes(Thread.currentThread().getId());
            long sum = 0;
            for (long b : tmx.getThreadAllocatedBytes(tmx.getAllThreadIds())) if (b > 0) sum += b;
            return sum;
        }

        void close() throws Exception {
            op.close();
            connection.close();
        }
    }

    private void run() throws Exception {
        String pg = o("pg", "jdbc:postgresql://127.0.0.1:5432/");
        Properties auth = new Properties();
        auth.setProperty("user", o("user", "postgres"));
        auth.setProperty("password", o("password", ""));
        boolean four = o("shards", "1").equals("4");
        List<Workloads> workloads = new ArrayList<>();
        String defaults = four ? "point_select,update_k,insert_delete,in_list_10,id_range_100,scatter_agg,scatter_topk"
                : "point_select,update_k,insert_delete,in_list_10,id_range_100,deep_page";
        for (String id : o("workloads", defaults).split(",")) {
            workloads.add(Workloads.byId(id));
        }
        long warmupMs = (long) (Double.parseDouble(o("warmup", "10")) * 1000);
        int blocks = Integer.parseInt(o("blocks", "20"));
        long blockMs = Long.parseLong(o("block-ms", "500"));
        Path out = Path.of(o("out", "benchmarks/target/client-cpu/" + java.time.LocalDateTime.now()
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Files.createDirectories(out);

        Data data = new Data(pg, auth, "sjdbc_bench_");
        data.ensure();
        Workload.writeConfigs(out, data, auth);
        String refName = four ? Targets.RAW4 : Targets.RAW, driverName = four ? Targets.SHARD4 : Targets.SHARD1;
        if (four) workloads.removeIf(w -> !Targets.runs(Targets.RAW4, w));
        DataSource reference = Targets.open(refName, out.resolve(refName + ".properties"));
        DataSource driver = Targets.open(driverName, out.resolve(driverName + ".yaml"));
        StringBuilder report = new StringBuilder();
        report.append(String.format("| workload | %1$s CPU µs/op | %2$s CPU µs/op | Δ %2$s − %1$s µs/op (median of paired blocks) | middle half of Δ | control: %1$s again − %1$s | %2$s / %1$s CPU | %1$s alloc B/op | %2$s alloc B/op | %1$s ops/s | %2$s ops/s |%n",
                refName, driverName));
        report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try {
            for (int wi = 0; wi < workloads.size(); wi++) {
                Workloads w = workloads.get(wi);
                Client a = new Client(reference, w, Workloads.freshIds(0), 7);
                Client b = new Client(driver, w, Workloads.freshIds(1), 7);
                Client c = new Client(reference, w, Workloads.freshIds(2), 7); // the control
                try {
                    Client[] order = {a, b, c};
                    for (Client x : order) x.block(warmupMs, four);
                    for (int i = 0; i < blocks; i++) {
                        // each block's order is the previous one reversed: drift within a block set cancels
                        for (int j = 0; j < order.length; j++) {
                            Client x = order[i % 2 == 0 ? j : order.length - 1 - j];
                            x.blocks.add(x.block(blockMs, four));
                        }
                    }
                    double[] d = new double[blocks], ctl = new double[blocks];
                    for (int i = 0; i < blocks; i++) {
                        d[i] = b.blocks.get(i)[0] - a.blocks.get(i)[0];
                        ctl[i] = c.blocks.get(i)[0] - a.blocks.get(i)[0];
                    }
                    String line = String.format("| %s | %.1f | %.1f | %+.2f | %+.2f … %+.2f | %+.2f | %.2f | %.0f | %.0f | %.0f | %.0f |",
                            w.id, median(a, 0) / 1000, median(b, 0) / 1000, median(d) / 1000,
                            quantile(d, 0.25) / 1000, quantile(d, 0.75) / 1000, median(ctl) / 1000, median(b, 0) / median(a, 0),
                            median(a, 1), median(b, 1), median(a, 2), median(b, 2));
                    System.out.println(line);
                    report.append(line).append('\n');
                } finally {
                    a.close();
                    b.close();
                    c.close();
                }
            }
        } finally {
            if (reference instanceof AutoCloseable x) x.close();
            if (driver instanceof AutoCloseable x) x.close();
        }
        String text = "options: " + opt + "\n\n" + report;
        Files.writeString(out.resolve("report.md"), text);
        System.out.println("written: " + out.toAbsolutePath());
    }

    private static double median(Client c, int column) {
        double[] v = new double[c.blocks.size()];
        for (int i = 0; i < v.length; i++) v[i] = c.blocks.get(i)[column];
        return median(v);
    }

    private static double median(double[] v) { return quantile(v, 0.5); }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double at = q * (s.length - 1);
        int lo = (int) Math.floor(at), hi = (int) Math.ceil(at);
        return s[lo] + (s[hi] - s[lo]) * (at - lo);
    }
}
