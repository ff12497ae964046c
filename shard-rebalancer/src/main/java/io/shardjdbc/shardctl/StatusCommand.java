package io.shardjdbc.shardctl;

import picocli.CommandLine.Command;

/** {@code shardctl status}: topology version, shards, rows and placement units per shard, skew. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the topology version, the shards, and per sharded table the rows and buckets (ranges, keys) "
                + "each shard holds, with the skew of rows (max/mean). Exits 1 when a shard could not be counted.")
final class StatusCommand extends ReportCommand {
    @Override
    Report report(Deployment d) throws Exception {
        return StatusReport.of(d);
    }
}
