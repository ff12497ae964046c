package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Writes a filter Calcite pushed into a table scan as shard SQL, in the shard's dialect: column
 * references, comparisons, AND/OR/NOT, IS [NOT] NULL, LIKE, IN lists and ranges, and + - * over
 * numbers. Literals and parameters travel as bound values, never as text, so no quoting rule of
 * either dialect can be got wrong. Any other filter over the table's columns (functions, CASE,
 * casts, division) is written by {@link ExpressionSql}; only what no SQL can say (a subquery, a
 * window) stays in the driver. A pushed filter
 * is evaluated by the shard database itself, so its semantics are the database's (collations,
 * LIKE, trailing spaces): that is the reason to push every filter that can be written.
 */
final class FilterSql {
    private final Dialect dialect;
    private final List<Column> columns;
    private final RexBuilder rexBuilder;
    private final IntFunction<Object> parameters;
    private final ExpressionSql expressions;

    /**
     * @param parameters the application's value of a 0-based dynamic parameter; null when unknown
     *                   (then filters with parameters cannot be written, e.g. while checking a plan)
     */
    FilterSql(Dialect dialect, List<Column> columns, RexBuilder rexBuilder, IntFunction<Object> parameters) {
        this.dialect = dialect;
        this.columns = columns;
        this.rexBuilder = rexBuilder;
        this.parameters = parameters;
        this.expressions = new ExpressionSql(dialect, columns);
    }

    /** The SQL of a condition with its values appended to {@code values}, or null when it cannot be written. */
    String write(RexNode condition, List<Object> values) {
        List<Object> mine = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        if (!append(condition, sb, mine)) {
            // functions, CASE, casts across types, division: the shard evaluates them as the database does
            ExpressionSql.Written w = expressions.write(condition);
            if (w == null) return null;
            for (int p : w.parameters()) values.add(parameters == null ? null : parameters.apply(p));
            return w.sql();
        }
        values.addAll(mine);
        return sb.toString();
    }

    /** True when the condition can be written as shard SQL (parameter values aside). */
    boolean writable(RexNode condition) {
        return append(condition, new StringBuilder(), new ArrayList<>()) || expressions.write(condition) != null;
    }

    private boolean append(RexNode n, StringBuilder sb, List<Object> values) {
        if (n instanceof RexInputRef ref) {
            sb.append(ShardDialect.quote(dialect, columns.get(ref.getIndex()).name()));
            return true;
        }
        if (n instanceof RexLiteral lit) return literal(lit, sb, values);
        if (n instanceof RexDynamicParam p) {
            sb.append('?');
            values.add(parameters == null ? null : parameters.apply(p.getIndex()));
            return true;
        }
        if (!(n instanceof RexCall call)) return false;
        List<RexNode> ops = call.getOperands();
        switch (call.getKind()) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                if (!comparable(ops.get(0), ops.get(1))) return false;
                String op = switch (call.getKind()) {
                    case EQUALS -> " = ";
                    case NOT_EQUALS -> " <> ";
                    case LESS_THAN -> " < ";
                    case LESS_THAN_OR_EQUAL -> " <= ";
                    case GREATER_THAN -> " > ";
                    default -> " >= ";
                };
                return binary(ops.get(0), op, ops.get(1), sb, values);
            }
            case AND, OR -> {
                sb.append('(');
                for (int i = 0; i < ops.size(); i++) {
                    if (i > 0) sb.append(call.getKind() == org.apache.calcite.sql.SqlKind.AND ? " AND " : " OR ");
                    if (!append(ops.get(i), sb, values)) return false;
                }
                sb.append(')');
                return true;
            }
            case NOT -> {
                sb.append("(NOT ");
                if (!append(ops.get(0), sb, values)) return false;
                sb.append(')');
                return true;
            }
            case IS_NULL, IS_NOT_NULL -> {
                sb.append('(');
                if (!append(ops.get(0), sb, values)) return false;
                sb.append(call.getKind() == org.apache.calcite.sql.SqlKind.IS_NULL ? " IS NULL)" : " IS NOT NULL)");
                return true;
            }
            case LIKE -> {
                if (ops.size() != 2 || call.getOperator().getName().toUpperCase(java.util.Locale.ROOT).contains("ILIKE")) return false;
                if (!(text(ops.get(0)) && text(ops.get(1)))) return false;
                boolean negated = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT).startsWith("NOT");
                return binary(ops.get(0), negated ? " NOT LIKE " : " LIKE ", ops.get(1), sb, values);
            }
            case SEARCH -> {
                return append(RexUtil.expandSearch(rexBuilder, null, call), sb, values);
            }
            case PLUS, MINUS, TIMES -> {
                if (!numeric(ops.get(0)) || !numeric(ops.get(1))) return false;
                String op = switch (call.getKind()) {
                    case PLUS -> " + ";
                    case MINUS -> " - ";
                    default -> " * ";
                };
                return binary(ops.get(0), op, ops.get(1), sb, values);
            }
            case CAST -> {
                // a cast Calcite added between types of one family (INTEGER to BIGINT, a nullability change):
                // the database converts the same way on its own
                RexNode inner = ops.get(0);
                if (!sameFamily(inner, call)) return false;
                return append(inner, sb, values);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean binary(RexNode a, String op, RexNode b, StringBuilder sb, List<Object> values) {
        sb.append('(');
        if (!append(a, sb, values)) return false;
        sb.append(op);
        if (!append(b, sb, values)) return false;
        sb.append(')');
        return true;
    }

    private static boolean literal(RexLiteral lit, StringBuilder sb, List<Object> values) {
        if (lit.isNull()) {
            sb.append("NULL");
            return true;
        }
        Object v = javaValue(lit);
        if (v == null) return false;
        sb.append('?');
        values.add(v);
        return true;
    }

    /** A literal as a JDBC value, or null for literal types federation does not send. */
    static Object javaValue(RexLiteral lit) {
        SqlTypeName t = lit.getTypeName();
        return switch (t) {
            case CHAR, VARCHAR -> lit.getValueAs(NlsString.class) == null ? null : lit.getValueAs(NlsString.class).getValue();
            case DECIMAL, INTEGER, BIGINT, SMALLINT, TINYINT -> {
                BigDecimal d = lit.getValueAs(BigDecimal.class);
                if (d == null) yield null;
                if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
                    try {
                        long l = d.longValueExact();
                        yield l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE && t != SqlTypeName.BIGINT ? (Object) (int) l : (Object) l;
                    } catch (ArithmeticException big) {
                        yield d;
                    }
                }
                yield d;
            }
            case DOUBLE, FLOAT, REAL -> lit.getValueAs(Double.class);
            case BOOLEAN -> lit.getValueAs(Boolean.class);
            case DATE -> java.sql.Date.valueOf(lit.getValueAs(DateString.class).toString());
            case TIMESTAMP -> java.sql.Timestamp.valueOf(lit.getValueAs(TimestampString.class).toString());
            case TIME -> java.sql.Time.valueOf(lit.getValueAs(TimeString.class).toString().substring(0, 8));
            default -> null;
        };
    }

    private static boolean comparable(RexNode a, RexNode b) {
        SqlTypeFamily fa = a.getType().getSqlTypeName().getFamily(), fb = b.getType().getSqlTypeName().getFamily();
        if (fa == null || fb == null) return a.getType().getSqlTypeName() == SqlTypeName.NULL || b.getType().getSqlTypeName() == SqlTypeName.NULL;
        return fa == fb;
    }

    private static boolean sameFamily(RexNode a, RexNode b) {
        SqlTypeFamily fa = a.getType().getSqlTypeName().getFamily(), fb = b.getType().getSqlTypeName().getFamily();
        return fa != null && fa == fb;
    }

    private static boolean numeric(RexNode n) {
        return n.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC;
    }

    private static boolean text(RexNode n) {
        return n.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER;
    }
}
