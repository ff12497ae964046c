/**
 * The sharding JDBC driver. Applications use {@code ShardDriver} (a {@code java.sql.Driver}
 * service for {@code jdbc:shard:} URLs) or {@code ShardDataSource}, the JDBC objects they return
 * ({@code jdbc}: {@code ShardConnection} for shard hints and read-your-writes tokens), the commit
 * outcomes ({@code commit}) and the execution hook ({@code observe}); execution, merging,
 * federation, transactions and replicas stay inside.
 */
module io.shardjdbc {
    requires transitive java.sql;
    requires transitive io.shardjdbc.router;
    requires com.zaxxer.hikari;
    requires calcite.core;
    requires calcite.linq4j;
    requires avatica.core;
    requires com.github.benmanes.caffeine;
    requires com.google.common;
    requires org.slf4j;
    // ShardMetrics binds to Micrometer when the application has it
    requires static micrometer.core;

    exports io.shardjdbc;
    exports io.shardjdbc.commit;
    exports io.shardjdbc.jdbc;
    exports io.shardjdbc.observe;
    // Calcite compiles each federated plan into classes of a new unnamed module (Janino), which call the
    // federation's runtime functions (key passing, code-point MIN/MAX, the dialects' AVG); a qualified
    // export cannot name such a module
    exports io.shardjdbc.federation;

    // for the driver's sibling modules only: shardctl, the Spring Boot starter, the benchmarks
    exports io.shardjdbc.execute to io.shardjdbc.rebalancer, io.shardjdbc.spring.boot, io.shardjdbc.benchmarks;
    exports io.shardjdbc.physical to io.shardjdbc.spring.boot, io.shardjdbc.benchmarks;
    exports io.shardjdbc.replica to io.shardjdbc.spring.boot;
    exports io.shardjdbc.tx to io.shardjdbc.rebalancer;
    exports io.shardjdbc.merge to io.shardjdbc.benchmarks;

    // the shards' own drivers (PhysicalDrivers) and the metadata store (directory-service provides one)
    uses java.sql.Driver;
    uses io.shardjdbc.metadata.MetadataStoreFactory;

    provides java.sql.Driver with io.shardjdbc.ShardDriver;
}
