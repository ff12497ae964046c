package io.shardjdbc.benchmarks.workload;

import io.shardjdbc.ShardDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;

/** The only class of the workload driver that names shard-jdbc (so the peer's JVM never loads it). */
final class ShardTarget {
    private ShardTarget() { }

    static DataSource open(Path config) {
        return new ShardDataSource(config);
    }
}
