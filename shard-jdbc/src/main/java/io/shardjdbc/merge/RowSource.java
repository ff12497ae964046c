package io.shardjdbc.merge;

import java.sql.SQLException;

/** Rows produced one at a time (e.g. by federation's plan), read once. */
public interface RowSource {
    /** The next row, or null at the end. */
    Object[] next() throws SQLException;

    /** Releases what produces the rows; called once, at the end or when the result closes early. */
    void close();
}
