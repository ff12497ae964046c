package io.shardjdbc.shardctl;

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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardctl plan TABLE --shards ...}: the moves a rebalance would make, without making them. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show which buckets a rebalance over the given shards would move, from where to where.")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SpreadArgs spread;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            print(spec.commandLine().getOut(), parent.json, d.root(spread.table).name().toLowerCase(Locale.ROOT), spread.transfers(d));
            return ShardCtl.OK;
        }
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
