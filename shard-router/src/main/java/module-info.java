/**
 * The router: the config model, the topology, placement strategies, the SQL front end and routing.
 * Applications see the config ({@code ShardConfig} and its builder), the plans {@code explain}
 * returns, the topology a data source reports and the metadata-store interface; the rest is for
 * the driver's own modules. A topology's tables name their placement ({@code strategy}): which
 * shard a key is on.
 */
module io.shardjdbc.router {
    requires transitive java.sql;
    requires calcite.core;
    requires calcite.babel;
    requires avatica.core;
    requires com.github.benmanes.caffeine;
    requires com.google.common;
    requires org.yaml.snakeyaml;

    exports io.shardjdbc.config;
    exports io.shardjdbc.metadata;
    exports io.shardjdbc.route;
    exports io.shardjdbc.strategy;
    exports io.shardjdbc.topology;

    exports io.shardjdbc.dircache to io.shardjdbc, io.shardjdbc.rebalancer, io.shardjdbc.benchmarks;
    exports io.shardjdbc.mergeplan to io.shardjdbc, io.shardjdbc.rebalancer, io.shardjdbc.benchmarks;
    exports io.shardjdbc.sql to io.shardjdbc, io.shardjdbc.rebalancer, io.shardjdbc.benchmarks;
}
