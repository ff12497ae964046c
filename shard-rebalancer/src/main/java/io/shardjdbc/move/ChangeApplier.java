package io.shardjdbc.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies row changes captured on the source to the target, for the rows of the moving units only.
 * Every change is idempotent — an insert or update is an upsert of the whole new row, a delete removes
 * the row by primary key only if it belongs to the moving units — so changes seen twice (after a
 * crash, or for rows the copy already read in their new state) leave the target as the source is.
 * Values are bound as the capture delivered them ({@link ShardDatabase#bind}). Consecutive changes
 * that use the same statement go to the target as one batch (in their order), sent when a change
 * needs another statement, when {@value #MAX_BATCH} are waiting, and at {@link #flush} (before each
 * commit): one round trip per change kept the target far behind many writers, and the drain after
 * the fence, which writes wait for, longer.
 */
final class ChangeApplier {
    private final ShardDatabase db;
    private final Connection target;
    private final Map<String, MovedTable> tables;
    private final Units units;
    private final Map<String, String> conditions;
    private static final int MAX_BATCH = 1_000;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long applied;
    // the statement whose batch waits to be sent, and how many changes it holds
    private PreparedStatement pending;
    private int pendingCount;

    /**
     * @param db        the kind of database of source and target
     * @param target    the target connection (not autocommit; the caller commits per source transaction)
     * @param tables    the moving tables by name
     * @param units     what moves
     * @param conditionOf the SQL condition "row is in the moving units" per table
     */
    ChangeApplier(ShardDatabase db, Connection target, Map<String, MovedTable> tables, Units units,
                  Map<String, String> conditionOf) {
        this.db = db;
        this.target = target;
        this.tables = tables;
        this.units = units;
        this.conditions = conditionOf;
    }

    /** How many row changes were applied so far. */
    long applied() { return applied; }

    /** Applies one row change (ignored when it is of another table or of rows that are not moving). */
    void apply(RowChange row) throws SQLException {
        MovedTable t = tables.get(row.table());
        if (t == null) return;
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < row.columns().size(); i++) pos.put(row.columns().get(i), i);
        Object[] after = row.after();
        boolean afterIn = after != null && units.contains(after[pos.get(t.key())]);
        if (row.before() != null) {
            // a delete, or an update that changed the primary key: the old row goes (if it is ours)
            delete(t, pos, row.before());
        }
        if (after == null) return;
        if (afterIn) upsert(t, pos, after);
        else if (row.before() == null) delete(t, pos, after); // the update moved the row out of the moving units
    }

    private void delete(MovedTable t, Map<String, Integer> pos, Object[] values) throws SQLException {
        PreparedStatement ps = prepared("DELETE FROM " + t.name() + " WHERE (" + t.keyList() + ") = ("
                + marks(t.primaryKey().size()) + ") AND " + conditions.get(t.name()));
        for (int i = 0; i < t.primaryKey().size(); i++) db.bind(ps, i + 1, values[pos.get(t.primaryKey().get(i))]);
        add(ps);
    }

    private void upsert(MovedTable t, Map<String, Integer> pos, Object[] values) throws SQLException {
        List<String> cols = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        for (String c : t.columns()) {
            Integer i = pos.get(c);
            if (i == null || values[i] == PgOutput.UNCHANGED) continue; // keep the target's value
            cols.add(c);
            vals.add(values[i]);
        }
        PreparedStatement ps = prepared(db.upsert(t, cols));
        for (int i = 0; i < vals.size(); i++) db.bind(ps, i + 1, vals.get(i));
        add(ps);
    }

    /** {@code n} parameter markers, comma-separated. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** The statement for {@code sql}; a batch of another statement is sent first, so changes stay in order. */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = target.prepareStatement(sql);
            statements.put(sql, ps);
        }
        if (pending != null && pending != ps) flush();
        return ps;
    }

    /** Adds the bound change to its statement's batch. */
    private void add(PreparedStatement ps) throws SQLException {
        ps.addBatch();
        pending = ps;
        applied++;
        if (++pendingCount >= MAX_BATCH) flush();
    }

    /** Sends the waiting batch to the target (in the target's open transaction); before every commit. */
    void flush() throws SQLException {
        if (pending == null) return;
        PreparedStatement ps = pending;
        pending = null;
        pendingCount = 0;
        ps.executeBatch();
    }

    /** Closes the prepared statements. */
    void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection closes them too
            }
        }
    }
}
