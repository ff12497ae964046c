/**
 * A Spring Boot + Spring Data JPA + Flyway application on shard-jdbc, through Boot's usual
 * {@code spring.datasource.url=jdbc:shard:...} (HikariCP pools the logical connections): customers sharded by id,
 * paged queries across shards, optimistic locking, and transactions.
 */
package io.shardjdbc.examples.boot.jpa;
