package io.shardjdbc.benchmarks.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the PostgreSQL server spent on the benchmark databases: CPU time of the backend processes
 * connected to a {@code sjdbc_bench_*} database ({@code /proc/PID/schedstat}, nanoseconds; needs
 * the server on this machine, visible in /proc), and bytes those backends sent to their clients
 * ({@code ss -tinp}, TCP {@code bytes_sent} per socket). Background processes (WAL writer,
 * checkpointer, autovacuum) are not counted. Either figure is -1 when it cannot be read.
 */
final class ServerStats {
    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern SS_SENT = Pattern.compile("bytes_sent:(\\d+)");

    record Snapshot(Map<Long, Long> cpuNs, Map<Long, Long> bytesSent) { }

    private final Connection admin;
    private final String dbPrefix;
    private boolean cpuAvailable = true, bytesAvailable = true;

    ServerStats(Connection admin, String dbPrefix) {
        this.admin = admin;
        this.dbPrefix = dbPrefix;
    }

    Snapshot snapshot() throws SQLException {
        Set<Long> pids = new HashSet<>();
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname LIKE '" + dbPrefix + "%'")) {
            while (rs.next()) pids.add(rs.getLong(1));
        }
        Map<Long, Long> cpu = new HashMap<>();
        if (cpuAvailable) {
            for (long pid : pids) {
                try {
                    String st = Files.readString(Path.of("/proc/" + pid + "/schedstat"), StandardCharsets.US_ASCII);
                    cpu.put(pid, Long.parseLong(st.trim().split(" ")[0]));
                } catch (IOException | RuntimeException e) {
                    if (!Files.exists(Path.of("/proc/" + pid))) continue;   // backend gone
                    cpuAvailable = false;
                }
            }
        }
        Map<Long, Long> sent = new HashMap<>();
        if (bytesAvailable) {
            try {
                Process p = new ProcessBuilder("ss", "-tinpH", "state", "established", "( sport = :5432 )").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ss failed");
                // ss prints each socket as a line with users:((...pid=N...)) and an indented line of TCP info
                long pid = -1;
                for (String line : text.split("\n")) {
                    Matcher m = SS_PID.matcher(line);
                    if (m.find()) pid = Long.parseLong(m.group(1));
                    Matcher b = SS_SENT.matcher(line);
                    if (b.find() && pids.contains(pid)) sent.merge(pid, Long.parseLong(b.group(1)), Long::sum);
                }
            } catch (IOException | InterruptedException e) {
                bytesAvailable = false;
            }
        }
        return new Snapshot(cpu, sent);
    }

    long cpuDelta(Snapshot a, Snapshot b) { return cpuAvailable ? delta(a.cpuNs, b.cpuNs) : -1; }

    long bytesDelta(Snapshot a, Snapshot b) { return bytesAvailable ? delta(a.bytesSent, b.bytesSent) : -1; }

    /** Sum over the processes in {@code after}; one that started in between counts from zero. */
    private static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long d = 0;
        for (var e : after.entrySet()) d += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        return d;
    }
}
