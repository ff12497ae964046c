package io.shardjdbc.benchmarks.workload;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The targets. Each is opened in its own JVM, so only the classes of that target are loaded:
 * {@code raw} needs HikariCP and pgjdbc ({@code raw2}, optional, is raw again in a JVM of its own: the
 * control, whose ratio to raw shows what the measurement itself does to a ratio; {@code quarter}, optional, is raw JDBC on the first shard's database
 * alone: a quarter of the rows, the reference for the latency of a scatter; {@code raw4}, optional, is
 * {@link HandRouted}: 4 pools and id % 4 in the application, every workload but the deep page), {@code shard4-serial} (optional: shard4 with
 * {@code max-parallel-shards: 1}, every shard's statement on the caller's thread, one after another), {@code shard1}/{@code shard4} shard-jdbc (through
 * {@link ShardTarget}), {@code shardingsphere} the peer's jars (reached by reflection: the peer is
 * not a compile-time dependency of this module).
 */
final class Targets {
    static final String RAW = "raw", RAW2 = "raw2", QUARTER = "quarter", RAW4 = "raw4", SHARD1 = "shard1", SHARD4 = "shard4", SHARD4_SERIAL = "shard4-serial", PEER = "shardingsphere";

    private Targets() { }

    static DataSource open(String target, Path config) throws Exception {
        return switch (target) {
            case RAW, RAW2, QUARTER -> raw(config);
            case RAW4 -> HandRouted.open(config);
            case SHARD1, SHARD4, SHARD4_SERIAL -> ShardTarget.open(config);
            case PEER -> (DataSource) Class.forName("org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory")
                    .getMethod("createDataSource", File.class).invoke(null, config.toFile());
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }

    /**
     * False for a workload the target does not run: raw4 runs only statements keyed by one id, and
     * quarter only the scatter queries whose latency it is the reference for.
     */
    static boolean runs(String target, Workloads w) {
        if (RAW4.equals(target)) return w != Workloads.DEEP_PAGE;
        if (QUARTER.equals(target)) return w == Workloads.SCATTER_AGG || w == Workloads.SCATTER_TOPK;
        return true;
    }

    /** True for targets that hold every row, so their results must equal raw's. */
    static boolean holdsEveryRow(String target) {
        return !QUARTER.equals(target);
    }

    /** raw: a properties file with jdbcUrl, username, password, maximumPoolSize (HikariCP's own names). */
    private static DataSource raw(Path config) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig(p);
        return new com.zaxxer.hikari.HikariDataSource(hc);
    }
}
