package io.shardjdbc.shardctl;

import picocli.CommandLine.Command;

/** {@code shardctl verify}: is every row on the shard its key places it on? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read every sharded table on every shard and place each row's key with the published topology "
                + "(or the config's placement), as the driver routes; count the rows that are on another shard, on no "
                + "shard, or have a NULL key. Check that broadcast tables hold as many rows on every shard. "
                + "Exits 5 when rows are misplaced or broadcast tables differ, 1 when a shard could not be read.")
final class VerifyCommand extends ReportCommand {
    @Override
    Report report(Deployment d) throws Exception {
        return PlacementCheck.of(d);
    }
}
