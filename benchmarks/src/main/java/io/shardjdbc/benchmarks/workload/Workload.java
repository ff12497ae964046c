package io.shardjdbc.benchmarks.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end workload driver (see BENCHMARKS.md). Creates the data, starts one JVM per target
 * ({@link Worker}), checks that every target returns raw JDBC's results for sampled parameters, then
 * runs the workloads in rounds, the targets interleaved (and their order rotated each round) so that
 * drift of a shared machine falls on all of them alike. Only one target runs at any moment.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.workload.Workload --help}
 */
public final class Workload {
    static final String USAGE = """
            options (defaults in brackets):
              --pg URL            admin JDBC URL prefix, database name appended [jdbc:postgresql://127.0.0.1:5432/]
              --user U --password P                                            [postgres / empty]
              --targets LIST      raw,shard1,shard4,shardingsphere              [these four]
                                  (also: shard4-serial = shard4 with max-parallel-shards: 1;
                                   raw2 = raw again in its own JVM: the control, its ratio shows the noise;
                                   quarter = raw JDBC on one shard's database, a quarter of the rows;
                                   raw4 = 4 HikariCP pools and id % 4 in the application, multi-shard
                                          statements merged by hand; not deep_page)
              --workloads LIST    point_select,update_k,insert_delete,in_list_10,id_range_100,
                                  scatter_agg,scatter_topk,deep_page            [all]
              --threads LIST      client threads                                [1,8]
              --rounds N          rounds (targets interleaved within each)      [3]
              --warmup S          seconds of warm-up before each measurement    [5]
              --measure S         seconds measured per target, workload, threads, round [10]
              --samples N         sampled executions compared with raw per workload [25]
              --out DIR           where configs, logs, results.csv, report.md go [benchmarks/target/workload/<time>]
              --jvm-opts "..."    options of each target's JVM                  [-Xms1g -Xmx1g -XX:+UseG1GC]
              --jfr LIST          targets to run under JDK Flight Recorder []
              --jfr-settings S    JFR settings: a name or a .jfc file (e.g. profile with 1 ms sampling) [profile]
              --peer-lib DIR      ShardingSphere's jars (mvn -f benchmarks/peer/pom.xml package) [<jar dir>/peer-lib]
            """;

    private final Map<String, String> opt = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Workload w = new Workload();
        if (parseOptions(args, USAGE, w.opt)) System.exit(w.run());
    }

    /** Reads {@code --name value} pairs into {@code into}; false when the usage was asked for (and printed). */
    static boolean parseOptions(String[] args, String usage, Map<String, String> into) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.print(usage);
                return false;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("bad option " + args[i] + "\n" + usage);
            into.put(args[i].substring(2), args[++i]);
        }
        return true;
    }

    private String o(String k, String def) { return opt.getOrDefault(k, def); }

    private int run() throws Exception {
        String pg = o("pg", "jdbc:postgresql://127.0.0.1:5432/");
        Properties auth = new Properties();
        auth.setProperty("user", o("user", "postgres"));
        auth.setProperty("password", o("password", ""));
        List<String> targets = List.of(o("targets", "raw,shard1,shard4,shardingsphere").split(","));
        List<Workloads> workloads = new ArrayList<>();
        for (String id : o("workloads", "all").split(",")) {
            if (id.equals("all")) workloads.addAll(Arrays.asList(Workloads.values()));
            else workloads.add(Workloads.byId(id));
        }
        int[] threads = Arrays.stream(o("threads", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(o("rounds", "3"));
        long warmupMs = (long) (Double.parseDouble(o("warmup", "5")) * 1000);
        long measureMs = (long) (Double.parseDouble(o("measure", "10")) * 1000);
        int samples = Integer.parseInt(o("samples", "25"));
        Path out = Path.of(o("out", "benchmarks/target/workload/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Files.createDirectories(out);
        Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        Path jarDir = jar.getParent();
        Path peerLib = Path.of(o("peer-lib", jarDir.resolve("peer-lib").toString()));
        List<String> jfr = List.of(o("jfr", "").split(","));

        System.out.println("== data");
        Data data = new Data(pg, auth, "sjdbc_bench_");
        data.ensure();
        writeConfigs(out, data, auth);

        Map<String, Proc> procs = new LinkedHashMap<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> procs.values().forEach(p -> p.process.destroy())));
        Map<String, Long> startupMs = new LinkedHashMap<>();
        try {
            System.out.println("== starting targets (one JVM each)");
            for (int i = 0; i < targets.size(); i++) {
                String t = targets.get(i);
                String cp = t.equals(Targets.PEER) ? jarDir.resolve("classes") + java.io.File.pathSeparator + peerLib + "/*" : jar.toString();
                if (t.equals(Targets.PEER) && !Files.isDirectory(peerLib)) {
                    throw new IllegalStateException(peerLib + " is missing: run mvn -B -q -f benchmarks/peer/pom.xml package");
                }
                List<String> cmd = new ArrayList<>();
                cmd.add(ProcessHandle.current().info().command().orElse("java"));
                cmd.addAll(List.of(o("jvm-opts", "-Xms1g -Xmx1g -XX:+UseG1GC").trim().split("\\s+")));
                cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
                if (jfr.contains(t)) cmd.add("-XX:StartFlightRecording=settings=" + o("jfr-settings", "profile") + ",dumponexit=true,filename=" + out.resolve(t + ".jfr").toAbsolutePath());
                cmd.addAll(List.of("-cp", cp, Worker.class.getName()));
                Proc p = new Proc(t, new ProcessBuilder(cmd).redirectError(out.resolve(t + ".log").toFile()).start());
                procs.put(t, p);
                String config = out.resolve(t.equals(Targets.RAW) || t.equals(Targets.RAW2) || t.equals(Targets.QUARTER) || t.equals(Targets.RAW4)
                        ? t + ".properties" : t + ".yaml").toAbsolutePath().toString();
                String ready = p.call("INIT " + t + " " + config + " " + i, 300);
                startupMs.put(t, Long.parseLong(kv(ready).get("ms")));
                System.out.printf("  %-15s ready in %d ms (first query included)%n", t, startupMs.get(t));
            }

            System.out.println("== correctness: " + samples + " sampled executions per workload, compared with " + targets.get(0));
            Map<String, Boolean> ok = new LinkedHashMap<>();
            boolean allOk = true;
            for (Workloads w : workloads) {
                String ref = null;
                StringBuilder line = new StringBuilder(String.format("  %-14s", w.id));
                for (String t : targets) {
                    if (!Targets.runs(t, w)) {
                        ok.put(w.id + "/" + t, false);
                        line.append(' ').append(t).append("=n/a");
                        continue;
                    }
                    Path file = out.resolve("check-" + w.id + "-" + t + ".txt").toAbsolutePath();
                    String reply = procs.get(t).call("CHECK " + w.id + " " + samples + " 42 " + file, 300);
                    String digests = reply.substring("@@CHECK ".length());
                    if (ref == null && Targets.holdsEveryRow(t)) ref = digests;
                    boolean same = digests.equals(ref) || !Targets.holdsEveryRow(t);
                    ok.put(w.id + "/" + t, same);
                    allOk &= same;
                    line.append(' ').append(t).append(!Targets.holdsEveryRow(t) ? "=not compared (a quarter of the rows)"
                            : same ? "=ok" : "=DIFFERENT(" + firstDiff(ref, digests) + ")");
                }
                System.out.println(line);
            }
            if (!allOk) System.out.println("  results that differ are not timed; compare the check-*.txt files in " + out);

            System.out.println("== timing: " + rounds + " round(s) x threads " + Arrays.toString(threads) + " x " + workloads.size()
                    + " workloads x " + targets.size() + " targets, " + warmupMs / 1000.0 + " s warm-up + " + measureMs / 1000.0 + " s each");
            List<Row> rows = new ArrayList<>();
            try (Connection admin = DriverManager.getConnection(pg + "postgres", auth);
                 PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("results.csv")))) {
                csv.println(Row.CSV_HEADER);
                ServerStats server = new ServerStats(admin, "sjdbc_bench_");
                for (int r = 0; r < rounds; r++) {
                    for (int th : threads) {
                        for (Workloads w : workloads) {
                            for (int k = 0; k < targets.size(); k++) {
                                String t = targets.get((k + r) % targets.size());
                                if (!ok.get(w.id + "/" + t)) continue;
                                Proc p = procs.get(t);
                                data.vacuum();
                                p.call("RUN " + w.id + " " + th + " " + warmupMs + " " + measureMs + " " + (1000 + r), warmupMs / 1000 + 300);
                                ServerStats.Snapshot s0 = server.snapshot();   // after warm-up, before the window
                                String res = p.call("GO", measureMs / 1000 + 300);
                                ServerStats.Snapshot s1 = server.snapshot();   // after the clients stopped
                                Row row = new Row(r, th, w, t, kv(res), server.cpuDelta(s0, s1), server.bytesDelta(s0, s1));
                                rows.add(row);
                                csv.println(row.csv());
                                csv.flush();
                                System.out.println("  " + row.progress());
                            }
                        }
                    }
                }
            }
            String report = Report.render(rows, targets, workloads, threads, startupMs, ok, opt);
            Files.writeString(out.resolve("report.md"), report);
            System.out.println();
            System.out.println(report);
            System.out.println("written: " + out.toAbsolutePath());
            return allOk ? 0 : 2;
        } finally {
            for (Proc p : procs.values()) p.quit();
        }
    }

    private static String firstDiff(String a, String b) {
        String[] x = a.split(","), y = b.split(",");
        for (int i = 0; i < Math.min(x.length, y.length); i++) if (!x[i].equals(y[i])) return "sample " + i;
        return "sample count";
    }

    static Map<String, String> kv(String reply) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : reply.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    static void writeConfigs(Path out, Data data, Properties auth) throws IOException {
        String user = auth.getProperty("user"), pw = auth.getProperty("password");
        for (String[] pool : new String[][] {{Targets.RAW, "raw"}, {Targets.RAW2, "raw"}, {Targets.QUARTER, "s0"}}) {
            Files.writeString(out.resolve(pool[0] + ".properties"), "jdbcUrl=" + data.url(pool[1]) + "\nusername=" + user
                    + "\npassword=" + pw + "\nmaximumPoolSize=10\nminimumIdle=0\nidleTimeout=10000\npoolName=" + pool[0] + "\n");
        }
        StringBuilder raw4 = new StringBuilder("username=" + user + "\npassword=" + pw + "\nmaximumPoolSize=10\n");
        for (int i = 0; i < Data.SHARDS; i++) raw4.append("jdbcUrl.").append(i).append('=').append(data.url("s" + i)).append('\n');
        Files.writeString(out.resolve("raw4.properties"), raw4.toString());
        String table = "tables:\n  sbtest: { key: id, strategy: hash, function: mod, buckets: " + Data.SHARDS + " }\n";
        String pool = "pool: { maximum-pool-size: 10, minimum-idle: 0, idle-timeout: 10s }\n";
        Files.writeString(out.resolve("shard1.yaml"), "# jdbc:shard: on the raw database alone: the driver's own cost\nshards:\n"
                + shard("s0", data.url("raw"), user, pw) + pool + table);
        StringBuilder four = new StringBuilder("# jdbc:shard: on 4 databases holding id % 4 = 0..3\nshards:\n");
        for (int i = 0; i < Data.SHARDS; i++) four.append(shard("s" + i, data.url("s" + i), user, pw));
        Files.writeString(out.resolve("shard4.yaml"), four + pool + table);
        Files.writeString(out.resolve("shard4-serial.yaml"), four.toString().replace("# jdbc:shard: on 4", "# shard4 without parallel execution: jdbc:shard: on 4")
                + pool + "max-parallel-shards: 1\n" + table);
        StringBuilder ss = new StringBuilder("# Apache ShardingSphere-JDBC 5.5.2 on the same 4 databases, id % 4 inline sharding\n"
                + "databaseName: sjdbc_bench\ndataSources:\n");
        for (int i = 0; i < Data.SHARDS; i++) {
            ss.append("  ds_").append(i).append(":\n")
              .append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n")
              .append("    driverClassName: org.postgresql.Driver\n")
              .append("    jdbcUrl: ").append(data.url("s" + i)).append('\n')
              .append("    username: ").append(user).append('\n')
              .append("    password: '").append(pw).append("'\n")
              .append("    maximumPoolSize: 10\n")
              .append("    minimumIdle: 0\n")
              .append("    idleTimeout: 10000\n");
        }
        ss.append("""
                rules:
                - !SHARDING
                  tables:
                    sbtest:
                      actualDataNodes: ds_${0..3}.sbtest
                      databaseStrategy:
                        standard:
                          shardingColumn: id
                          shardingAlgorithmName: id_mod
                  shardingAlgorithms:
                    id_mod:
                      type: INLINE
                      props:
                        algorithm-expression: ds_${id % 4}
                        allow-range-query-with-inline-sharding: true
                props:
                  sql-show: false
                """);
        Files.writeString(out.resolve("shardingsphere.yaml"), ss);
    }

    private static String shard(String name, String url, String user, String pw) {
        return "  " + name + ": { url: \"" + url + "\", username: " + user + ", password: \"" + pw + "\" }\n";
    }

    /** A target's JVM and its protocol lines. */
    static final class Proc {
        final String name;
        final Process process;
        final Writer in;
        final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

        Proc(String name, Process process) {
            this.name = name;
            this.process = process;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) if (l.startsWith("@@")) replies.add(l);
                } catch (IOException ignored) {
                    // process ended
                }
                replies.add("@@EXIT");
            }, "reader-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        String call(String command, long timeoutSeconds) throws Exception {
            in.write(command + "\n");
            in.flush();
            String reply = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (reply == null) throw new IllegalStateException(name + ": no reply to '" + command + "' in " + timeoutSeconds + " s");
            if (reply.startsWith("@@ERROR") || reply.equals("@@EXIT")) {
                throw new IllegalStateException(name + ": '" + command + "' failed: " + reply + " (see " + name + ".log)");
            }
            return reply;
        }

        void quit() {
            try {
                in.write("QUIT\n");
                in.flush();
                if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroy();
            } catch (Exception e) {
                process.destroy();
            }
        }
    }

    /** One measurement: a target, a workload, a thread count, a round. */
    record Row(int round, int threads, Workloads w, String target, Map<String, String> r, long pgCpuNs, long pgBytes) {
        static final String CSV_HEADER = "round,threads,workload,target,ops,elapsed_ns,ops_per_s,p50_us,p99_us,p999_us,mean_us,"
                + "client_cpu_us_per_op,alloc_bytes_per_op,gc_ms,pg_cpu_us_per_op,pg_bytes_sent_per_op,errors,first_error";

        long ops() { return Long.parseLong(r.get("ops")); }
        double opsPerSec() { return ops() * 1e9 / Long.parseLong(r.get("elapsedNs")); }
        double us(String key) { return Long.parseLong(r.get(key)) / 1000.0; }
        double perOp(long v) { return ops() == 0 || v < 0 ? Double.NaN : (double) v / ops(); }
        double cpuUsPerOp() { return perOp(Long.parseLong(r.get("cpuNs"))) / 1000; }
        double allocPerOp() { return perOp(Long.parseLong(r.get("allocBytes"))); }
        double pgCpuUsPerOp() { return perOp(pgCpuNs) / 1000; }
        double pgBytesPerOp() { return perOp(pgBytes); }
        long errors() { return Long.parseLong(r.get("errors")); }

        String csv() {
            return String.join(",", String.valueOf(round), String.valueOf(threads), w.id, target, r.get("ops"), r.get("elapsedNs"),
                    f(opsPerSec()), f(us("p50Ns")), f(us("p99Ns")), f(us("p999Ns")), f(us("meanNs")), f(cpuUsPerOp()), f(allocPerOp()),
                    r.get("gcMs"), f(pgCpuUsPerOp()), f(pgBytesPerOp()), r.get("errors"), r.getOrDefault("firstError", ""));
        }

        String progress() {
            return String.format(Locale.ROOT, "r%d t=%d %-14s %-15s %9.0f ops/s  p50 %8.1f us  p99 %8.1f us  cpu %7.1f us/op  pg %7.1f us/op  %s%s",
                    round, threads, w.id, target, opsPerSec(), us("p50Ns"), us("p99Ns"), cpuUsPerOp(), pgCpuUsPerOp(),
                    errors() > 0 ? "ERRORS=" + errors() + " " : "", r.getOrDefault("firstError", ""));
        }

        static String f(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v); }
    }
}
