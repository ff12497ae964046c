package io.shardjdbc.shardctl;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardctl verify}: is every row on the shard its key places it on? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read every sharded table on every shard and place each row's key with the published topology "
                + "(or the config's placement), as the driver routes; count the rows that are on another shard, on no "
                + "shard, or have a NULL key. Check that broadcast tables hold as many rows on every shard. "
                + "Exits 5 when rows are misplaced or broadcast tables differ, 1 when a shard could not be read.")
final class VerifyCommand extends ReportCommand {
    @Option(names = {"-t", "--table"}, paramLabel = "TABLE",
            description = "check only this table (repeat for several); default every table of the config")
    private List<String> tables;

    @Override
    Report report(Deployment d) throws Exception {
        return PlacementCheck.of(d, tables);
    }
}
