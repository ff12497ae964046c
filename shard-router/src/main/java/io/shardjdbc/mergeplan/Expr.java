package io.shardjdbc.mergeplan;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.sql.Refusals;
import java.sql.SQLException;
import java.util.List;

/**
 * An expression the merge evaluates in Java: over a group's folded slots (aggregating merge) or a
 * shard row's columns (streaming merge). Only what cannot be pushed to the shards is here —
 * arithmetic and logic over aggregates; anything over a group's keys is computed by the shards as
 * a hidden column. SQL NULL semantics (three-valued logic) apply.
 */
public sealed interface Expr {
    /** The value for one row of {@code values} (0-based), with the statement's parameter values. */
    Object eval(Object[] values, Object[] params) throws SQLException;

    /** The value at index {@code index} (0-based) of the row or slot array. */
    record Column(int index) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) { return values[index]; }
    }

    record Const(Object value) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) { return value; }
    }

    /** Parameter {@code index} (1-based). */
    record Param(int index) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) { return params[index - 1]; }
    }

    record Arithmetic(char op, Expr left, Expr right, Dialect dialect) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            return SqlValues.arithmetic(op, left.eval(values, params), right.eval(values, params), dialect);
        }
    }

    record Negate(Expr operand, Dialect dialect) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            return SqlValues.negate(operand.eval(values, params), dialect);
        }
    }

    /**
     * A value with its collation weight (MySQL/MariaDB {@code WEIGHT_STRING}): strings become
     * {@link CollatedString}s, so they order, group and compare as the database's collation does.
     */
    record Collated(Expr value, Expr weight) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            return CollatedString.of(value.eval(values, params), weight.eval(values, params));
        }
    }

    /** AVG computed from a folded SUM and COUNT. */
    record Average(Expr sum, Expr count, Dialect dialect) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            return SqlValues.average(sum.eval(values, params), count.eval(values, params), dialect);
        }
    }

    /** {@code = <> < <= > >=}. */
    record Compare(String op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            Object a = left.eval(values, params), b = right.eval(values, params);
            if (a == null || b == null) return null;
            int c;
            try {
                c = SqlValues.compare(a, b);
            } catch (IllegalArgumentException e) {
                // a parameter or literal string against a collated column: its collation order is the database's to know
                throw new java.sql.SQLFeatureNotSupportedException("comparing " + a + " with " + b
                        + " after a cross-shard merge needs the database's collation; compare inside an aggregate or narrow "
                        + "the statement to one shard", Refusals.SQL_STATE);
            }
            return switch (op) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    record And(List<Expr> parts) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            boolean unknown = false;
            for (Expr p : parts) {
                Object v = p.eval(values, params);
                if (v == null) unknown = true;
                else if (!truth(v)) return false;
            }
            return unknown ? null : Boolean.TRUE;
        }
    }

    record Or(List<Expr> parts) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            boolean unknown = false;
            for (Expr p : parts) {
                Object v = p.eval(values, params);
                if (v == null) unknown = true;
                else if (truth(v)) return true;
            }
            return unknown ? null : Boolean.FALSE;
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            Object v = operand.eval(values, params);
            return v == null ? null : !truth(v);
        }
    }

    record IsNull(Expr operand, boolean negated) implements Expr {
        @Override
        public Object eval(Object[] values, Object[] params) throws SQLException {
            return (operand.eval(values, params) == null) != negated;
        }
    }

    /** SQL truth of a non-NULL value (MySQL returns numbers for booleans). */
    static boolean truth(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return SqlValues.decimal(n).signum() != 0;
        return Boolean.parseBoolean(v.toString());
    }
}
