package io.shardjdbc.engine;

import java.sql.ResultSet;

/**
 * What one unit returned on its shard.
 *
 * @param rows  its rows, or null when it gave an update count
 * @param count its update count (0 with rows)
 */
public record UnitResult(ResultSet rows, long count) { }
