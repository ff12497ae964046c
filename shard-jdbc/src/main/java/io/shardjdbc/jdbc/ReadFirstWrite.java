package io.shardjdbc.jdbc;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.ReadFirst;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a write whose subqueries (or INSERT source) read other shards' rows, as {@link ReadFirst}
 * plans it: each read runs as a query of its own on this connection (routed, federated where it
 * must be), then the write runs with the values it produced, routed like any statement. All of it
 * runs in the connection's transaction, or in one of its own in auto-commit, so the rows the reads
 * saw and the rows written commit together. What the reads produce is held in memory, bounded by
 * {@code federation-row-budget}.
 */
final class ReadFirstWrite {
    private ReadFirstWrite() { }

    /** Rows per INSERT statement: many rows per round trip, within the databases' parameter limits. */
    private static final int ROWS_PER_INSERT = 500;

    /** Runs the write; returns its update count. */
    static long run(ShardConnection conn, ReadFirst plan, Parameters params) throws SQLException {
        long budget = conn.runtime().config().federationRowBudget();
        return OwnTransaction.run(conn, () -> {
            if (plan.reads().get(0).use() == ReadFirst.Use.ROWS) return insertRows(conn, plan, params, budget);
            ReadFirst.KeyRows keys = null;
            ReadFirst.Read keysRead = plan.keysRead();
            if (keysRead != null) {
                keys = keyRows(conn, plan, keysRead, params, budget);
                if (keys.rows().isEmpty()) return 0L; // the WHERE chose no row
            }
            List<List<Object>> results = new ArrayList<>(plan.reads().size());
            for (ReadFirst.Read read : plan.reads()) {
                results.add(read == keysRead ? List.of() : values(conn, plan, read, params, budget));
            }
            return write(conn, plan.rewrite(results, keys), params, plan.sql());
        });
    }

    /** The values one subquery produced: its first column, every row (one row at most for a scalar use). */
    private static List<Object> values(ShardConnection conn, ReadFirst plan, ReadFirst.Read read, Parameters params,
                                       long budget) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (PreparedStatement select = conn.prepareStatement(read.select())) {
            bindGiven(select, read.parameters(), params);
            if (read.use() == ReadFirst.Use.EXISTS) select.setMaxRows(1);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (read.use() == ReadFirst.Use.SCALAR && !values.isEmpty()) {
                        throw new SQLException("more than one row returned by a subquery used as an expression: "
                                + ShardErrors.abbreviate(read.select()) + " [statement: " + ShardErrors.abbreviate(plan.sql())
                                + "]", "21000");
                    }
                    values.add(rs.getObject(1));
                    requireWithin(values.size(), budget, read, plan);
                }
            }
        } catch (SQLException e) {
            throw inRead(e, read.select(), plan);
        }
        return values;
    }

    /**
     * The rows an UPDATE's or DELETE's WHERE chooses, by the written table's primary key (and shard key):
     * its WHERE runs as a query (federated), since a subquery of it refers to the written row.
     */
    private static ReadFirst.KeyRows keyRows(ShardConnection conn, ReadFirst plan, ReadFirst.Read read, Parameters params,
                                             long budget) throws SQLException {
        List<String> primaryKey = primaryKey(conn, plan);
        List<Object[]> rows = rows(conn, plan, plan.keysSelect(read, primaryKey), read, params, budget, false);
        return new ReadFirst.KeyRows(primaryKey, rows);
    }

    /**
     * Every row of a read's query, all columns, held in memory within the budget.
     *
     * @param countValues whether the budget counts values (rows written as VALUES) or rows
     */
    private static List<Object[]> rows(ShardConnection conn, ReadFirst plan, String select, ReadFirst.Read read,
                                       Parameters params, long budget, boolean countValues) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(select)) {
            bindGiven(ps, read.parameters(), params);
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) row[i] = rs.getObject(i + 1);
                    rows.add(row);
                    requireWithin(countValues ? rows.size() * (long) width : rows.size(), budget, read, plan);
                }
            }
        } catch (SQLException e) {
            throw inRead(e, select, plan);
        }
        return rows;
    }

    /** The written table's primary key columns, in key order, as the database's catalog gives them. */
    private static List<String> primaryKey(ShardConnection conn, ReadFirst plan) throws SQLException {
        java.util.SortedMap<Short, String> columns = new java.util.TreeMap<>();
        boolean postgres = conn.runtime().config().dialect() == io.shardjdbc.config.Dialect.POSTGRESQL;
        try (ResultSet rs = conn.getMetaData().getPrimaryKeys(postgres ? null : conn.getCatalog(),
                postgres ? conn.getSchema() : null, plan.table())) {
            while (rs.next()) columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
        if (columns.isEmpty()) {
            throw new java.sql.SQLFeatureNotSupportedException("table " + plan.table() + " has no primary key, so the rows "
                    + "this write's WHERE chooses (its subquery refers to the written row and reads other shards) cannot be "
                    + "written by key; give the table a primary key, or write the subquery without referring to the "
                    + "written row [statement: " + ShardErrors.abbreviate(plan.sql()) + "]", io.shardjdbc.sql.Refusals.SQL_STATE);
        }
        return new ArrayList<>(columns.values());
    }

    /** An INSERT ... SELECT: the SELECT's rows, inserted with VALUES in statements of a few hundred rows. */
    private static long insertRows(ShardConnection conn, ReadFirst plan, Parameters params, long budget) throws SQLException {
        ReadFirst.Read source = plan.reads().get(0);
        List<Object[]> rows = rows(conn, plan, source.select(), source, params, budget, true);
        long count = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            count += write(conn, plan.rewriteRows(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT))),
                    params, plan.sql());
        }
        return count;
    }

    private static long write(ShardConnection conn, ReadFirst.Rewritten w, Parameters params, String sql) throws SQLException {
        if (w.parameters().size() > ReadFirst.MAX_VALUES) {
            throw new SQLException("the subqueries of this write produced " + w.parameters().size() + " values, more than "
                    + "one statement can carry (" + ReadFirst.MAX_VALUES + "); narrow them, or write in parts [statement: "
                    + ShardErrors.abbreviate(sql) + "]", "54000");
        }
        try (PreparedStatement write = conn.prepareStatement(w.sql())) {
            ShardPreparedStatement shard = write.unwrap(ShardPreparedStatement.class);
            int i = 1;
            for (ReadFirst.Bound b : w.parameters()) {
                if (b instanceof ReadFirst.Given g) shard.bindFrom(i, params, g.index());
                else write.setObject(i, ((ReadFirst.Produced) b).value());
                i++;
            }
            return write.executeLargeUpdate();
        }
    }

    /** Binds the statement's own parameters a read uses, as the application set them. */
    private static void bindGiven(PreparedStatement select, int[] given, Parameters params) throws SQLException {
        ShardPreparedStatement shard = select.unwrap(ShardPreparedStatement.class);
        for (int i = 0; i < given.length; i++) shard.bindFrom(i + 1, params, given[i]);
    }

    private static void requireWithin(long values, long budget, ReadFirst.Read read, ReadFirst plan) throws SQLException {
        if (values > budget) {
            throw new SQLException("the subquery of this write produces more than " + budget + " values "
                    + "(federation-row-budget), which the driver would hold in memory before writing; narrow it, or "
                    + "raise federation-row-budget in the shard config [subquery: " + ShardErrors.abbreviate(read.select())
                    + "; statement: " + ShardErrors.abbreviate(plan.sql()) + "]", "54000");
        }
    }

    /** A read's failure, saying which write it belonged to (its SQLState and type kept). */
    private static SQLException inRead(SQLException e, String select, ReadFirst plan) {
        if (e.getMessage() != null && e.getMessage().contains("[subquery: ")) return e;
        return ShardErrors.reworded(e, e.getMessage() + " [subquery: " + ShardErrors.abbreviate(select)
                + ", read before the write: " + ShardErrors.abbreviate(plan.sql()) + "]");
    }
}
