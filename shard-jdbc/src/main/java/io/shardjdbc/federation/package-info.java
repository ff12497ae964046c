/**
 * Federation: SELECTs that neither run whole on each shard nor merge exactly are planned by Apache
 * Calcite in the driver, over the logical tables, each scan reading its shards in parallel with the
 * filters and columns it needs pushed into the shard SQL.
 */
package io.shardjdbc.federation;
