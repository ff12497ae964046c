/**
 * Running statements on shards: the physical pools (one HikariCP pool per shard), the physical
 * connections one logical connection holds, the shared runtime, and how physical errors are
 * attributed to their shard.
 */
package io.shardjdbc.execute;
