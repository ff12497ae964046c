package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.sql.Refusals;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Keeps federation exact: walks the physical plan and refuses (SQLState {@link io.shardjdbc.sql.Refusals#SQL_STATE}, naming the
 * expression) whatever Calcite would evaluate differently from the shard database. Filters pushed
 * into the shard SQL are the database's own and need no check. What Calcite evaluates is limited to
 * an allow-list of operators whose results agree: comparisons, boolean logic, + - *, CASE/COALESCE,
 * casts within a type family, and the aggregates and window functions below. Beyond that:
 * <ul>
 *   <li>MySQL/MariaDB compare text by the column's collation (the default ones ignore case, accents
 *       and trailing spaces), which Java cannot reproduce: text compared, grouped, ordered, joined or
 *       de-duplicated in the driver is refused there;</li>
 *   <li>PostgreSQL orders text by the database collation (code points under C / C.UTF-8), Java by
 *       UTF-16 units: text ordered in the driver is refused;</li>
 *   <li>MySQL's {@code /} gives decimals with its own scale and PostgreSQL's numeric division its
 *       own scale, so division other than PostgreSQL integer or float division is refused, and so
 *       is AVG (PostgreSQL numeric, MySQL decimal with 4 more digits).</li>
 * </ul>
 */
final class Semantics {
    private static final Set<SqlKind> OPERATORS = Set.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.EQUALS,
            SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE,
            SqlKind.IS_FALSE, SqlKind.IS_NOT_FALSE, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM,
            SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX,
            SqlKind.CASE, SqlKind.COALESCE, SqlKind.CAST, SqlKind.SEARCH, SqlKind.LIKE, SqlKind.ROW_NUMBER,
            SqlKind.RANK, SqlKind.DENSE_RANK, SqlKind.SUM, SqlKind.SUM0, SqlKind.COUNT, SqlKind.MIN, SqlKind.MAX,
            SqlKind.INPUT_REF, SqlKind.LAG, SqlKind.LEAD, SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE, SqlKind.NTILE, SqlKind.MOD);
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM,
            SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.SEARCH, SqlKind.LIKE);
    private static final Set<SqlKind> ORDERINGS = Set.of(SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
    private static final Set<SqlKind> AGGREGATES = Set.of(SqlKind.COUNT, SqlKind.SUM, SqlKind.SUM0, SqlKind.MIN,
            SqlKind.MAX, SqlKind.SINGLE_VALUE, SqlKind.LITERAL_AGG, SqlKind.ANY_VALUE, SqlKind.GROUPING);

    private final Dialect dialect;
    private final String db;

    private Semantics(Dialect dialect) {
        this.dialect = dialect;
        this.db = dialect == Dialect.MYSQL ? "MySQL/MariaDB" : "PostgreSQL";
    }

    /** Refuses a plan Calcite would answer differently from the shard database. */
    static void check(RelNode plan, Dialect dialect) throws SQLFeatureNotSupportedException {
        Semantics s = new Semantics(dialect);
        s.visit(plan);
        if (s.mysql()) {
            for (var f : plan.getRowType().getFieldList()) {
                if (f.getType().getSqlTypeName() == SqlTypeName.BOOLEAN) {
                    s.refuse("a truth value as a result column (" + f.getName() + ")", "MySQL/MariaDB return it as the integer 1 or 0");
                }
            }
        }
    }

    /**
     * True when the driver computes the expression exactly as the database would; false when a
     * function, division, conversion or text comparison in it is the database's to compute.
     */
    static boolean exact(RexNode e, Dialect dialect) {
        try {
            new Semantics(dialect).expressions(List.of(e));
            return true;
        } catch (SQLFeatureNotSupportedException databaseOnly) {
            return false;
        }
    }

    private boolean mysql() { return dialect == Dialect.MYSQL; }

    private void visit(RelNode node) throws SQLFeatureNotSupportedException {
        for (RelNode in : node.getInputs()) visit(in);
        if (node instanceof Bindables.BindableTableScan scan) {
            LogicalTable t = scan.getTable().unwrap(LogicalTable.class);
            if (t != null) {
                FilterSql writer = new FilterSql(dialect, t.columns(), node.getCluster().getRexBuilder(), null);
                for (RexNode f : scan.filters) if (!writer.writable(t.expand(f))) expressions(List.of(f));
            }
            return;
        }
        if (node instanceof Project p) expressions(p.getProjects());
        else if (node instanceof Filter f) expressions(List.of(f.getCondition()));
        else if (node instanceof Calc c) {
            RexProgram prog = c.getProgram();
            List<RexNode> all = new ArrayList<>();
            for (var r : prog.getProjectList()) all.add(prog.expandLocalRef(r));
            if (prog.getCondition() != null) all.add(prog.expandLocalRef(prog.getCondition()));
            expressions(all);
        } else if (node instanceof Join j) {
            expressions(List.of(j.getCondition()));
        } else if (node instanceof Sort s) {
            for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
                RelDataType t = s.getInput().getRowType().getFieldList().get(fc.getFieldIndex()).getType();
                if (text(t)) refuse("ORDER BY over text (" + s.getRowType().getFieldNames().get(fc.getFieldIndex()) + ")", textOrderWhy());
            }
        } else if (node instanceof Aggregate a) {
            List<RelDataType> in = new ArrayList<>();
            for (var f : a.getInput().getRowType().getFieldList()) in.add(f.getType());
            if (mysql()) {
                for (int g : a.getGroupSet()) {
                    if (text(in.get(g))) refuse("GROUP BY or DISTINCT over text (" + a.getInput().getRowType().getFieldNames().get(g) + ")", textEqualWhy());
                }
            }
            for (AggregateCall call : a.getAggCallList()) aggregate(call, in);
        } else if (node instanceof Window w) {
            for (Window.Group g : w.groups) {
                List<RelDataType> in = new ArrayList<>();
                for (var f : w.getInput().getRowType().getFieldList()) in.add(f.getType());
                if (mysql()) for (int k : g.keys) if (text(in.get(k))) refuse("PARTITION BY over text", textEqualWhy());
                for (RelFieldCollation fc : g.orderKeys.getFieldCollations()) {
                    if (text(in.get(fc.getFieldIndex()))) refuse("a window ORDER BY over text", textOrderWhy());
                }
                for (Window.RexWinAggCall call : g.aggCalls) {
                    if (!OPERATORS.contains(call.getKind())) refuse("the window function " + call.getOperator().getName(), notAllowedWhy());
                    boolean minMax = call.getKind() == SqlKind.MIN || call.getKind() == SqlKind.MAX;
                    for (RexNode op : call.getOperands()) {
                        if (minMax && text(op.getType())) refuse(call.getOperator().getName() + " OVER (...) over text", textOrderWhy());
                    }
                }
            }
        } else if (node instanceof SetOp op && !op.all && mysql()) {
            for (var f : op.getRowType().getFieldList()) {
                if (text(f.getType())) refuse(op.kind + " over text (" + f.getName() + ")", textEqualWhy());
            }
        }
    }

    private void aggregate(AggregateCall call, List<RelDataType> in) throws SQLFeatureNotSupportedException {
        SqlKind k = call.getAggregation().getKind();
        if (k == SqlKind.AVG) refuse("AVG", "the database computes it with its own decimal scale; SUM(x) and COUNT(x) are exact");
        if (call.getAggregation() instanceof org.apache.calcite.sql.validate.SqlUserDefinedAggFunction f
                && f.function instanceof org.apache.calcite.schema.impl.AggregateFunctionImpl impl
                && (impl.resultMethod.getDeclaringClass().getEnclosingClass() == DialectAverage.class
                    || impl.resultMethod.getDeclaringClass().getEnclosingClass() == CodePointExtremes.class)) {
            return; // the database's AVG, PostgreSQL's MIN/MAX by code point
        }
        if (!AGGREGATES.contains(k)) refuse("the aggregate " + call.getAggregation().getName(), notAllowedWhy());
        for (int arg : call.getArgList()) {
            if (!text(in.get(arg))) continue;
            if (k == SqlKind.MIN || k == SqlKind.MAX) refuse(call.getAggregation().getName() + " over text", textOrderWhy());
            if (mysql() && call.isDistinct()) refuse("a DISTINCT aggregate over text", textEqualWhy());
        }
    }

    private void expressions(List<RexNode> nodes) throws SQLFeatureNotSupportedException {
        for (RexNode n : nodes) {
            SQLFeatureNotSupportedException[] found = new SQLFeatureNotSupportedException[1];
            n.accept(new RexVisitorImpl<Void>(true) {
                @Override
                public Void visitCall(RexCall call) {
                    if (found[0] == null) found[0] = problem(call);
                    return super.visitCall(call);
                }

                @Override
                public Void visitOver(RexOver over) {
                    return visitCall(over);
                }
            });
            if (found[0] != null) throw found[0];
        }
    }

    private SQLFeatureNotSupportedException problem(RexCall call) {
        SqlKind k = call.getKind();
        String name = call.getOperator().getName();
        if (call.getOperator() == CollationWeights.WEIGHT) {
            return refusal("text compared, grouped or ordered by its collation where no shard reads the value ("
                    + call.getOperands().get(0) + ", e.g. an aggregate's result or an expression over two tables)", textEqualWhy());
        }
        if (!OPERATORS.contains(k)) {
            return refusal("the " + (name.isEmpty() ? k.toString() : name) + " operator or function", notAllowedWhy());
        }
        List<RexNode> ops = call.getOperands();
        if (COMPARISONS.contains(k) && !ops.isEmpty() && text(ops.get(0).getType())) {
            if (mysql()) return refusal("a comparison of text (" + call + ")", textEqualWhy());
            if (ORDERINGS.contains(k) || k == SqlKind.SEARCH && !equalityOnly(call)) {
                return refusal("an ordering comparison of text (" + call + ")", textOrderWhy());
            }
            if (k == SqlKind.LIKE) return null; // PostgreSQL's LIKE is case-sensitive by code points, as Java's
        }
        if (k == SqlKind.LIKE && mysql()) return refusal("LIKE", textEqualWhy());
        if (k == SqlKind.MOD && !exactModulo(ops)) {
            return refusal("the modulo " + call, "only integers modulo a non-zero integer constant agree with " + db
                    + " (a zero divisor or decimals follow the database's own rules)");
        }
        if (k == SqlKind.DIVIDE) {
            SqlTypeName t = call.getType().getSqlTypeName();
            boolean exactInts = !mysql() && SqlTypeName.INT_TYPES.contains(ops.get(0).getType().getSqlTypeName())
                    && SqlTypeName.INT_TYPES.contains(ops.get(1).getType().getSqlTypeName());
            boolean floats = !mysql() && SqlTypeName.APPROX_TYPES.contains(t);
            if (!exactInts && !floats) {
                return refusal("the division " + call, mysql() ? "MySQL's / gives a decimal with its own scale"
                        : "PostgreSQL divides numerics with its own result scale");
            }
        }
        if (k == SqlKind.CAST && !ops.isEmpty()) {
            SqlTypeFamily from = ops.get(0).getType().getSqlTypeName().getFamily();
            SqlTypeFamily to = call.getType().getSqlTypeName().getFamily();
            boolean nullLiteral = ops.get(0).getType().getSqlTypeName() == SqlTypeName.NULL;
            if (!nullLiteral && from != to) {
                return refusal("the conversion " + call, "the database formats and parses values by its own rules");
            }
        }
        return null;
    }

    /** Integers modulo a non-zero integer literal: Java's remainder has the sign of the dividend, as both databases'. */
    private static boolean exactModulo(List<RexNode> ops) {
        return ops.size() == 2 && SqlTypeName.INT_TYPES.contains(ops.get(0).getType().getSqlTypeName())
                && ops.get(1) instanceof org.apache.calcite.rex.RexLiteral lit
                && SqlTypeName.INT_TYPES.contains(lit.getType().getSqlTypeName())
                && lit.getValueAs(Long.class) != null && lit.getValueAs(Long.class) != 0L;
    }

    private static boolean equalityOnly(RexCall search) {
        org.apache.calcite.rex.RexLiteral lit = (org.apache.calcite.rex.RexLiteral) search.getOperands().get(1);
        org.apache.calcite.util.Sarg<?> sarg = lit.getValueAs(org.apache.calcite.util.Sarg.class);
        return sarg != null && (sarg.isPoints() || sarg.isComplementedPoints());
    }

    /** Text, whose comparison and order are the collation's. */
    static boolean text(RelDataType t) {
        return t.getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER;
    }

    private String textEqualWhy() {
        return "MySQL/MariaDB compare text by the column's collation (case, accents and trailing spaces may not count), "
                + "which the driver cannot reproduce";
    }

    private String textOrderWhy() {
        return mysql() ? textEqualWhy() : "PostgreSQL orders text by the database collation, which the driver does not reproduce yet";
    }

    private String notAllowedWhy() {
        return "the driver only evaluates operators whose results agree with " + db + "'s";
    }

    private void refuse(String what, String why) throws SQLFeatureNotSupportedException {
        throw refusal(what, why);
    }

    private SQLFeatureNotSupportedException refusal(String what, String why) {
        return new SQLFeatureNotSupportedException("federation cannot evaluate " + what + " exactly as " + db
                + " does (" + why + "); filters on single tables are evaluated by the shards — narrow the query with a "
                + "condition on the shard key, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
    }
}
