package io.shardjdbc.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rows coming from one or more shard result sets, each row being a row of one physical result set
 * (so the logical result set reads values straight from it).
 */
public interface ShardCursor {
    /** Moves to the next row; false when there is none. */
    boolean next() throws SQLException;

    /** The physical result set holding the current row (an open one before the first and after the last row). */
    ResultSet current();

    /** The shard of the current row. */
    String currentShard();

    /** 1-based number of the current row; 0 before the first and after the last row. */
    long row();

    boolean isAfterLast();

    boolean isBeforeFirst() throws SQLException;

    boolean isLast() throws SQLException;

    /** Every part, for settings that apply to all (fetch size, warnings). */
    ResultSet[] parts();

    /** Helper columns at the end of every physical row that the application must not see. */
    default int hiddenColumns() { return 0; }

    /** Closes every part. */
    void close() throws SQLException;
}
