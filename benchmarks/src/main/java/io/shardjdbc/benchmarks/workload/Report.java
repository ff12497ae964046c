package io.shardjdbc.benchmarks.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary table: medians over rounds for rates and latencies, ratios to the reference paired by
 * round (the median of each round's ratio), totals over rounds for costs per operation.
 */
final class Report {
    private Report() { }

    static String render(List<Workload.Row> rows, List<String> targets, List<Workloads> workloads, int[] threads,
                         Map<String, Long> startupMs, Map<String, Boolean> ok, Map<String, String> options) {
        StringBuilder md = new StringBuilder();
        md.append("options: ").append(options.isEmpty() ? "(defaults)" : options.toString()).append("\n\n");
        md.append("startup to first query (ms): ");
        startupMs.forEach((t, ms) -> md.append(t).append(' ').append(ms).append("  "));
        md.append("\n\n");
        String ref = targets.get(0);
        for (int th : threads) {
            md.append("### ").append(th).append(th == 1 ? " client thread" : " client threads").append("\n\n");
            md.append("| workload | target | ops/s | ratio | p50 µs | p99 µs | p99 ratio | client CPU µs/op | Δ CPU µs/op | alloc B/op | PG CPU µs/op | PG bytes sent/op | errors |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Workloads w : workloads) {
                Agg base = agg(rows, th, w, ref);
                for (String t : targets) {
                    if (!Targets.runs(t, w)) continue;
                    if (!ok.getOrDefault(w.id + "/" + t, false)) {
                        md.append("| ").append(w.id).append(" | ").append(t).append(" | results differ from ").append(ref)
                          .append(": not timed | | | | | | | | | | |\n");
                        continue;
                    }
                    Agg a = agg(rows, th, w, t);
                    if (a == null) continue;
                    md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.1f | %.1f | %s | %.1f | %s | %s | %s | %s | %d |%n",
                            w.id, t, a.opsPerSec, base == null ? "" : f2(pairedRatio(rows, th, w, t, ref, Workload.Row::opsPerSec)),
                            a.p50, a.p99, base == null ? "" : f2(pairedRatio(rows, th, w, t, ref, r -> r.us("p99Ns"))), a.cpu,
                            base == null || t.equals(ref) ? "" : String.format(Locale.ROOT, "%+.1f", a.cpu - base.cpu),
                            f0(a.alloc), f1(a.pgCpu), f0(a.pgBytes), a.errors));
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    record Agg(double opsPerSec, double p50, double p99, double cpu, double alloc, double pgCpu, double pgBytes, long errors) { }

    static Agg agg(List<Workload.Row> rows, int th, Workloads w, String t) {
        List<Workload.Row> rs = new ArrayList<>();
        for (Workload.Row r : rows) if (r.threads() == th && r.w() == w && r.target().equals(t)) rs.add(r);
        if (rs.isEmpty()) return null;
        long ops = 0, cpu = 0, alloc = 0, pgCpu = 0, pgBytes = 0, errors = 0;
        boolean pgOk = true, bytesOk = true;
        for (Workload.Row r : rs) {
            ops += r.ops();
            cpu += Long.parseLong(r.r().get("cpuNs"));
            alloc += Long.parseLong(r.r().get("allocBytes"));
            pgOk &= r.pgCpuNs() >= 0;
            bytesOk &= r.pgBytes() >= 0;
            pgCpu += r.pgCpuNs();
            pgBytes += r.pgBytes();
            errors += r.errors();
        }
        double o = Math.max(ops, 1);
        return new Agg(median(rs.stream().mapToDouble(Workload.Row::opsPerSec).toArray()),
                median(rs.stream().mapToDouble(r -> r.us("p50Ns")).toArray()),
                median(rs.stream().mapToDouble(r -> r.us("p99Ns")).toArray()),
                cpu / o / 1000, alloc / o, pgOk ? pgCpu / o / 1000 : Double.NaN, bytesOk ? pgBytes / o : Double.NaN, errors);
    }

    /**
     * The median over rounds of a target's figure ÷ the reference's in the same round. The two ran
     * minutes apart at most, so the machine's slower drift (autovacuum, page cache, other
     * processes) falls on both and cancels, where a ratio of medians would mix rounds.
     */
    static double pairedRatio(List<Workload.Row> rows, int th, Workloads w, String t, String ref,
                              java.util.function.ToDoubleFunction<Workload.Row> figure) {
        List<Double> ratios = new ArrayList<>();
        for (Workload.Row r : rows) {
            if (r.threads() != th || r.w() != w || !r.target().equals(t)) continue;
            for (Workload.Row b : rows) {
                if (b.round() == r.round() && b.threads() == th && b.w() == w && b.target().equals(ref)) {
                    ratios.add(figure.applyAsDouble(r) / figure.applyAsDouble(b));
                }
            }
        }
        return ratios.isEmpty() ? Double.NaN : median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String f0(double v) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v); }
    static String f1(double v) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v); }
    static String f2(double v) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v); }
}
