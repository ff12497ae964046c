package io.shardjdbc.shardctl;

import io.shardjdbc.move.Rebalance;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments of {@code rebalance} and {@code plan}: a hash table and the shards to spread it over. */
final class SpreadArgs {
    @Parameters(index = "0", description = "a hash-sharded table (its co-location group moves with it)")
    String table;

    @Option(names = "--shards", split = ",", description = "the shards to spread over, e.g. s0,s1,s2,s3")
    List<String> shards;

    /** The moves that spread the table's group evenly over the shards, from the published placement. */
    List<Rebalance.Transfer> transfers(Deployment d) throws SQLException {
        if (shards == null) throw new SQLException("give the shards to spread " + table + " over: --shards s0,s1,...", "22023");
        MoveSupport.requireShards(d, shards);
        List<String> before = MoveSupport.bucketMap(d, table);
        return Rebalance.transfers(before, Rebalance.spread(before, shards));
    }
}
