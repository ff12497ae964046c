package io.shardjdbc.shardctl;

import io.shardjdbc.move.MoveEngine;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shardctl split range events --at 2026-01-01 --to s3}: cuts the range of a range table that
 * holds the value there and moves its upper part (from the value up to the range's bound, with the
 * table's co-location group) to a shard, online.
 */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Split a range of a range table at a value and move its upper part to a shard, online: split range TABLE --at VALUE --to s3.")
final class SplitCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "what splits: range")
    String kind;

    @Parameters(index = "1", description = "a range-sharded table")
    String table;

    @Option(names = "--at", required = true, description = "the value to split at: keys from it up to its range's upper bound move")
    String at;

    @Option(names = "--to", required = true, description = "the target shard")
    String to;

    @Mixin
    MoveSupport.RunOptions run;

    @Override
    public Integer call() throws Exception {
        if (!kind.equals("range")) {
            throw new SQLException("split " + kind + ": split takes a range of a range table (split range TABLE --at VALUE --to s3)", "0A000");
        }
        try (Deployment d = parent.deployment()) {
            MoveSupport.Start start = MoveSupport.start(d, table, to, spec.commandLine().getOut(), parent.json, run.haltAfter);
            String group = start.group();
            String id = start.engine().createSplit(group, at, to, run.options());
            start.engine().run(id);
            if (parent.json) {
                Output.json(spec.commandLine().getOut(), Map.of("table", table, "at", at, "moves", List.of(id), "state", MoveEngine.DONE));
            } else {
                spec.commandLine().getOut().println("split " + group + " at " + at + ": the keys from " + at + " up are on " + to + " (move " + id + ")");
            }
            return ShardCtl.OK;
        }
    }
}
