/**
 * The public entry points of shard-jdbc: {@link io.shardjdbc.ShardDriver} for {@code jdbc:shard:}
 * URLs and {@link io.shardjdbc.ShardDataSource} for frameworks that take a DataSource. Everything an
 * application needs beyond plain JDBC (the shard hint, {@code explain}) is on
 * {@link io.shardjdbc.jdbc.ShardConnection} and the data source.
 */
package io.shardjdbc;
