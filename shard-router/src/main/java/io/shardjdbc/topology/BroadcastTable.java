package io.shardjdbc.topology;

/** A small reference table with a full copy on every shard: reads go to one, writes to all. */
public record BroadcastTable(String name) implements TableRule { }
