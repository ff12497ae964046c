package io.shardjdbc.move;

import java.util.List;

/**
 * A row change captured on the source, as the change applier needs it whatever database it came
 * from: the table, its columns as the change lists them, and the old and new values in that order.
 * {@code after} is null for a delete; {@code before} is null for an insert and for an update that kept
 * the primary key (the change then only needs the new row).
 *
 * @param table   the table's name (lower case)
 * @param columns the column names, in the order of the values
 * @param before  the old row or key, or null
 * @param after   the new row, or null
 */
record RowChange(String table, List<String> columns, Object[] before, Object[] after) {
    RowChange {
        columns = List.copyOf(columns);
    }
}
