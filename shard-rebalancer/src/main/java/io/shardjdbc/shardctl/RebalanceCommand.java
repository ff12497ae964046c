package io.shardjdbc.shardctl;

import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.move.MoveEngine;
import io.shardjdbc.move.Rebalance;
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
 * {@code shardctl rebalance TABLE --shards s0,s1,s2,s3}: spreads a hash table's buckets (and its
 * co-location group's) evenly over the given shards, moving as few as possible, one online move per
 * (source, target) pair, one after another; exits 0 when every move is done. With {@code --dry-run}
 * it prints the moves without running them (as {@code plan} does).
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = "Spread a hash table's buckets evenly over shards, online; exits 0 when done.")
final class RebalanceCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SpreadArgs spread;

    @Option(names = "--dry-run", description = "print the moves without running them")
    boolean dryRun;

    @Mixin
    MoveSupport.RunOptions run;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            List<Rebalance.Transfer> transfers = spread.transfers(d);
            String group = d.root(spread.table).name().toLowerCase(Locale.ROOT);
            if (dryRun) {
                PlanCommand.print(spec.commandLine().getOut(), parent.json, group, transfers);
                return ShardCtl.OK;
            }
            MoveJournal journal = MoveSupport.journal(d);
            MoveSupport.requireNoUnfinished(journal, group);
            MoveEngine engine = MoveSupport.engine(d, spec.commandLine().getOut(), parent.json, run.haltAfter);
            List<String> ids = new ArrayList<>();
            for (Rebalance.Transfer t : transfers) {
                String id = engine.create(group, t.source(), t.target(), t.buckets(), run.options());
                ids.add(id);
                engine.run(id);
            }
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("table", spread.table);
            done.put("shards", spread.shards);
            done.put("moves", ids);
            done.put("state", MoveEngine.DONE);
            if (parent.json) Output.json(spec.commandLine().getOut(), done);
            else spec.commandLine().getOut().println("rebalanced " + group + " over " + spread.shards + " in " + ids.size() + " move(s)");
            return ShardCtl.OK;
        }
    }
}
