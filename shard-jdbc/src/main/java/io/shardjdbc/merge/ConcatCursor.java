package io.shardjdbc.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Walks the results of several shards one after the other: the rows of the first shard's cursor,
 * then the second's, and so on. Only the current shard's cursor is read, so memory stays at what
 * one physical cursor buffers; an exhausted cursor is closed at once to free its shard. An optional
 * row limit ({@code setMaxRows}) applies to the concatenation as a whole.
 */
public final class ConcatCursor implements ShardCursor {
    private final ResultSet[] parts;
    private final String[] shardNames;
    private final long maxRows;
    private int index;
    private long row;
    private boolean afterLast;

    /**
     * @param parts      the shard results, in order (at least one)
     * @param shardNames the shard of each part, for error messages
     * @param maxRows    the row limit over all parts, 0 for none
     */
    public ConcatCursor(List<ResultSet> parts, List<String> shardNames, long maxRows) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no results to concatenate");
        this.parts = parts.toArray(new ResultSet[0]);
        this.shardNames = shardNames.toArray(new String[0]);
        this.maxRows = maxRows;
    }

    /** The rows of one shard's result. */
    public ConcatCursor(ResultSet only, String shardName, long maxRows) {
        this.parts = new ResultSet[] {only};
        this.shardNames = new String[] {shardName};
        this.maxRows = maxRows;
    }

    /** Moves to the next row; false once every part is exhausted or the row limit is reached. */
    public boolean next() throws SQLException {
        if (afterLast) return false;
        if (maxRows > 0 && row >= maxRows) return finish();
        while (true) {
            if (parts[index].next()) {
                row++;
                return true;
            }
            if (index == parts.length - 1) return finish();
            parts[index].close();
            index++;
        }
    }

    private boolean finish() {
        afterLast = true;
        return false;
    }

    /**
     * The physical result set holding the current row: the first one before the first row, the last
     * one after the last row. It is always open, so it can describe the columns.
     */
    public ResultSet current() { return parts[index]; }

    /** The shard of the current row. */
    public String currentShard() { return shardNames[index]; }

    /** 1-based number of the current row; 0 before the first and after the last row. */
    public long row() { return afterLast ? 0 : row; }

    public boolean isAfterLast() { return afterLast && row > 0; }

    /** True before the first row when there is at least one row. */
    public boolean isBeforeFirst() throws SQLException {
        if (row > 0 || afterLast) return false;
        for (int i = index; i < parts.length; i++) {
            if (parts[i].isBeforeFirst()) return true;
        }
        return false;
    }

    /** True on the last row: the current part is on its last row and every later part is empty. */
    public boolean isLast() throws SQLException {
        if (row == 0 || afterLast) return false;
        if (maxRows > 0 && row == maxRows) return true;
        if (!parts[index].isLast()) return false;
        for (int i = index + 1; i < parts.length; i++) {
            if (parts[i].isBeforeFirst()) return false;
        }
        return true;
    }

    /** Every part, for settings that apply to all (fetch size). */
    public ResultSet[] parts() { return parts; }

    /** Closes every part; all are closed even when some fail, the first failure is thrown. */
    public void close() throws SQLException {
        SQLException first = null;
        for (ResultSet rs : parts) {
            try {
                rs.close();
            } catch (SQLException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
