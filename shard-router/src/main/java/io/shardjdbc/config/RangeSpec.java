package io.shardjdbc.config;

/**
 * One range of a range-sharded table: keys below {@code below} (exclusive) and at or above the
 * previous range's bound go to {@code shard}. The last range has no bound ({@code below == null}).
 */
public record RangeSpec(String below, String shard) { }
