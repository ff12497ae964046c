package io.shardjdbc.shardctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shardctl status}: topology version, shards, rows and placement units per shard, skew. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the topology version, the shards, and per sharded table the rows and buckets (ranges, keys) "
                + "each shard holds, with the skew of rows (max/mean). Exits 1 when a shard could not be counted.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private ShardCtl parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = Deployment.load(parent.config)) {
            StatusReport report = StatusReport.of(d);
            if (parent.json) Output.json(spec.commandLine().getOut(), report);
            else report.printText(spec.commandLine().getOut());
            if (!report.complete()) {
                spec.commandLine().getErr().println("shardctl: some rows could not be counted (see the report)");
                return ShardCtl.ERROR;
            }
            return ShardCtl.OK;
        }
    }
}
