/**
 * {@code shardctl} and the online move engine. Nothing here is a library API yet: the command line
 * is the interface ({@code io.shardjdbc.shardctl.ShardCtl}); the benchmarks drive moves directly.
 */
module io.shardjdbc.rebalancer {
    requires io.shardjdbc;
    requires io.shardjdbc.directory;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires mysql.binlog.connector.java;
    requires org.postgresql.jdbc;
    requires java.management;

    exports io.shardjdbc.move to io.shardjdbc.benchmarks;

    // picocli fills the commands' options by reflection; Jackson writes the JSON output and move progress
    opens io.shardjdbc.shardctl to info.picocli, com.fasterxml.jackson.databind;
    opens io.shardjdbc.move to com.fasterxml.jackson.databind;
}
