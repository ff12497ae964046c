/**
 * Spring Boot auto-configuration for shard-jdbc: the data source, per-shard health, pool meters,
 * observations and Flyway's {@code {vendor}}. Open, since Spring reads and proxies its configuration
 * classes and binds its properties by reflection.
 */
open module io.shardjdbc.spring.boot {
    requires io.shardjdbc;
    requires com.zaxxer.hikari;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.boot.jdbc;
    requires spring.context;
    requires spring.core;
    // each feature is there when the application has its library
    requires static spring.boot.health;
    requires static spring.boot.flyway;
    requires static flyway.core;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports io.shardjdbc.spring.boot;
    exports io.shardjdbc.spring.boot.autoconfigure;
    exports io.shardjdbc.spring.boot.flyway;
    exports io.shardjdbc.spring.boot.health;
    exports io.shardjdbc.spring.boot.metrics;
    exports io.shardjdbc.spring.boot.observation;
}
