/**
 * A Spring Boot + MyBatis application on shard-jdbc through the starter's {@code spring.shard.config}: orders sharded
 * by customer, a multi-row {@code <foreach>} insert split across shards, per-customer reads and a grouped total.
 */
package io.shardjdbc.examples.boot.mybatis;
