package io.shardjdbc.shardctl;

import io.shardjdbc.move.MoveEngine;
import io.shardjdbc.move.Rebalance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shardctl plan TABLE --shards ...}: the moves a rebalance would make, without making them;
 * {@code shardctl plan TABLE --at VALUE}: what a split there would move (rows and bytes, counted on the source).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show which buckets a rebalance over the given shards would move, from where to where (--shards), "
                + "or what a split of a range table at a value would move (--at).")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SpreadArgs spread;

    @Option(names = "--at", description = "plan a split of a range table at this value instead")
    String at;

    @Option(names = "--rate", defaultValue = "0", description = "with --at: the copy rate the split would run at (rows/s), for its duration")
    long rate;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            if (at != null) {
                MoveSupport.placement(d);
                printSplit(spec.commandLine().getOut(), parent.json, MoveSupport.engine(d, spec.commandLine().getOut(), parent.json, null)
                        .planSplit(MoveSupport.group(d, spread.table), at), rate);
                return ShardCtl.OK;
            }
            print(spec.commandLine().getOut(), parent.json, d.root(spread.table).name().toLowerCase(Locale.ROOT), spread.transfers(d));
            return ShardCtl.OK;
        }
    }

    static void printSplit(PrintWriter out, boolean json, MoveEngine.SplitPlan plan, long rate) {
        long rows = 0;
        long bytes = 0;
        for (long[] rb : plan.rowsAndBytes().values()) {
            rows += rb[0];
            bytes += rb[1];
        }
        Long seconds = rate > 0 ? (rows + rate - 1) / rate : null;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", plan.group());
            m.put("part", plan.part());
            m.put("source", plan.source());
            m.put("rows", rows);
            m.put("bytes", bytes);
            Map<String, Object> tables = new LinkedHashMap<>();
            plan.rowsAndBytes().forEach((t, rb) -> tables.put(t, Map.of("rows", rb[0], "bytes", rb[1])));
            m.put("tables", tables);
            if (seconds != null) m.put("seconds", seconds);
            Output.json(out, m);
            return;
        }
        out.println(plan.group() + ": " + plan.part() + " on " + plan.source() + " moves " + rows + " rows, about " + bytes + " bytes"
                + (seconds == null ? "" : ", about " + seconds + " s at " + rate + " rows/s"));
        plan.rowsAndBytes().forEach((t, rb) -> out.println("  " + t + ": " + rb[0] + " rows, about " + rb[1] + " bytes"));
    }

    static void print(PrintWriter out, boolean json, String group, List<Rebalance.Transfer> transfers) {
        if (json) {
            List<Map<String, Object>> moves = new ArrayList<>();
            for (Rebalance.Transfer t : transfers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", t.source());
                m.put("target", t.target());
                m.put("buckets", t.buckets().toString());
                m.put("bucketCount", t.buckets().size());
                moves.add(m);
            }
            Output.json(out, Map.of("group", group, "moves", moves));
            return;
        }
        if (transfers.isEmpty()) out.println(group + ": already spread as asked; nothing moves");
        for (Rebalance.Transfer t : transfers) {
            out.println(group + ": buckets " + t.buckets() + " (" + t.buckets().size() + ") " + t.source() + " -> " + t.target());
        }
    }
}
