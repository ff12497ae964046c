/**
 * The metadata store: topology versions and directory entries on PostgreSQL, MariaDB or H2, its
 * HTTP service and client. The driver finds it as a {@code MetadataStoreFactory} service;
 * applications open a store directly with {@code MetadataStores}.
 */
module io.shardjdbc.directory {
    requires transitive io.shardjdbc.router;
    requires com.zaxxer.hikari;
    requires com.fasterxml.jackson.databind;
    requires flyway.core;
    requires org.slf4j;
    requires java.net.http;
    // the HTTP service and its command line are optional: a driver that only reads a store needs neither
    requires static org.eclipse.jetty.server;
    requires static info.picocli;

    exports io.shardjdbc.directory;
    exports io.shardjdbc.directory.jdbc to io.shardjdbc.rebalancer, io.shardjdbc.benchmarks;

    // the HTTP store's wire records are read and written by Jackson; the service's options by picocli
    opens io.shardjdbc.directory.http to com.fasterxml.jackson.databind, info.picocli;

    provides io.shardjdbc.metadata.MetadataStoreFactory with io.shardjdbc.directory.StoreFactory;
}
