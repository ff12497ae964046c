/**
 * A Spring Boot + jOOQ application on shard-jdbc: ledger entries sharded by account, written with
 * {@code INSERT ... RETURNING} and read with a join of co-located tables.
 */
package io.shardjdbc.examples.boot.jooq;
