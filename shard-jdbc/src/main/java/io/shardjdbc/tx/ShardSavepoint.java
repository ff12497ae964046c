package io.shardjdbc.tx;

import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint of a logical connection: one physical savepoint on every shard enlisted when it was
 * set. Shards enlisted later have no savepoint; rolling back to this one rolls them back entirely.
 */
public final class ShardSavepoint implements Savepoint {
    private final int id;
    private final String name;
    private final int mark;
    private final Savepoint[] physical;

    ShardSavepoint(int id, String name, int mark, Savepoint[] physical) {
        this.id = id;
        this.name = name;
        this.mark = mark;
        this.physical = physical;
    }

    /** How many shards were enlisted when the savepoint was set. */
    int mark() { return mark; }

    /** The physical savepoint on the i-th enlisted shard (i below {@link #mark()}). */
    Savepoint physical(int i) { return physical[i]; }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) throw new SQLException("savepoint '" + name + "' is named; use getSavepointName()", "3B001");
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) throw new SQLException("savepoint " + id + " is unnamed; use getSavepointId()", "3B001");
        return name;
    }

    /** The name, or null for an unnamed savepoint. */
    public String name() { return name; }

    @Override
    public String toString() {
        return name != null ? "savepoint '" + name + "'" : "savepoint " + id;
    }
}
