/**
 * Combining the results of several shards into one stream of rows. For now the concatenation of
 * shard results; merges that need ordering or folding (sort, aggregate, group, limit, distinct)
 * come with the merge engine.
 */
package io.shardjdbc.merge;
