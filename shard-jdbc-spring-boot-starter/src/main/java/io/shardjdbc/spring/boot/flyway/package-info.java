/** Flyway's {@code {vendor}} location placeholder resolved to the shards' database. */
package io.shardjdbc.spring.boot.flyway;
