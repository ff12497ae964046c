package io.shardjdbc.topology;

/** How one logical table is placed in a {@link Topology}. */
public sealed interface TableRule permits ShardedTable, BroadcastTable {
    /** The logical table name as configured. */
    String name();
}
