package io.shardjdbc.route;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.Fold;
import io.shardjdbc.mergeplan.PageSeek;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.mergeplan.SortKey;
import io.shardjdbc.sql.Aggregates;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.SelectParts;
import io.shardjdbc.sql.SourceText;
import io.shardjdbc.sql.StatementShape;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * Plans how a SELECT that runs on several shards is merged, and how each shard's SQL is edited for
 * it: ORDER BY keys and aggregate inputs are appended as hidden columns, AVG is computed from SUM
 * and COUNT, DISTINCT aggregates are grouped by their argument on the shards, HAVING moves into the
 * merge and LIMIT becomes offset + limit. A shape it cannot merge exactly is refused with the reason.
 */
final class MergePlanner {
    private final StatementShape shape;
    private final SelectParts parts;
    private final SourceText source;
    private final Dialect dialect;
    private final LexedSql lexed;
    /** Hidden columns appended to every shard's SELECT list, as pieces of text and copies of original spans. */
    private final List<List<SqlEdits.Piece>> hidden = new ArrayList<>();
    private final Map<String, Integer> hiddenIndex = new HashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Slot, Integer> slotIndex = new HashMap<>();
    private final Map<String, List<SqlEdits.Piece>> groupExtension = new java.util.LinkedHashMap<>();

    private MergePlanner(StatementShape shape, LexedSql lexed, Dialect dialect) {
        this.shape = shape;
        this.parts = shape.select();
        this.source = parts.source();
        this.dialect = dialect;
        this.lexed = lexed;
    }

    /** The merge of a multi-shard SELECT, or an exception saying why it cannot be merged exactly. */
    static MergeTemplate plan(StatementShape shape, LexedSql lexed, Dialect dialect, String tables) throws SQLException {
        if (shape.features().contains(StatementShape.Feature.WINDOW)) {
            throw unsupported("window functions over rows of several shards (" + tables + ")");
        }
        if (shape.features().contains(StatementShape.Feature.SET_OPERATION) || shape.select() == null) {
            throw unsupported("UNION/INTERSECT/EXCEPT over sharded tables (" + tables + ")");
        }
        return new MergePlanner(shape, lexed, dialect).plan();
    }

    private static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " across shards is not supported yet; narrow the statement "
                + "to one shard with a condition on the shard key, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
    }

    private MergeTemplate plan() throws SQLException {
        boolean aggregating = shape.features().contains(StatementShape.Feature.AGGREGATE)
                || shape.features().contains(StatementShape.Feature.GROUP_BY)
                || shape.features().contains(StatementShape.Feature.HAVING);
        boolean distinct = shape.features().contains(StatementShape.Feature.DISTINCT);
        List<SqlEdits.Edit> edits = new ArrayList<>();
        List<SortKey> order = new ArrayList<>();
        List<Expr> outputs = new ArrayList<>();
        Expr having = null;
        List<Integer> visibleWeights = new ArrayList<>();
        if (!aggregating) {
            for (SelectParts.Order o : parts.orderBy()) {
                List<SqlEdits.Piece> expr = orderPieces(o);
                Expr key = new Expr.Column(hiddenColumn(expr));
                if (collated()) key = new Expr.Collated(key, new Expr.Column(hiddenColumn(weightOf(expr))));
                order.add(new SortKey(key, o.descending(), nullsFirst(o)));
            }
            if (distinct && collated()) {
                // DISTINCT keeps one row per set of values the collation holds equal ('a' and 'A' under a _ci collation)
                if (parts.star()) throw unsupported("SELECT DISTINCT * on MySQL/MariaDB (strings compare by collation)");
                for (SelectParts.Item item : parts.items()) visibleWeights.add(hiddenColumn(weightOf(itemPieces(item))));
            }
        } else {
            if (parts.star()) throw unsupported("SELECT * with GROUP BY or aggregates");
            for (SqlNode g : parts.groupBy()) groupKey(g);
            for (int i = 0; i < parts.items().size(); i++) {
                outputs.add(compile(parts.items().get(i).expr(), i + 1));
            }
            if (parts.having() != null) {
                having = compile(parts.having(), -1);
                edits.add(new SqlEdits.Edit(parts.havingSpan()[0], parts.havingSpan()[1], List.of()));
            }
            for (SelectParts.Order o : parts.orderBy()) {
                SelectParts.Item item = referencedItem(o.expr());
                Expr value = item != null ? outputs.get(parts.items().indexOf(item)) : compile(o.expr(), -1);
                order.add(new SortKey(value, o.descending(), nullsFirst(o)));
            }
            if (!groupExtension.isEmpty()) {
                List<SqlEdits.Piece> cols = new ArrayList<>();
                cols.add(SqlEdits.Piece.text(parts.groupByEnd() >= 0 ? ", " : " GROUP BY "));
                boolean first = true;
                for (List<SqlEdits.Piece> col : groupExtension.values()) {
                    if (!first) cols.add(SqlEdits.Piece.text(", "));
                    cols.addAll(col);
                    first = false;
                }
                if (parts.groupByEnd() < 0) cols.add(SqlEdits.Piece.text(" "));
                int at = parts.groupByEnd() >= 0 ? parts.groupByEnd() : parts.clauseTail();
                edits.add(new SqlEdits.Edit(at, at, cols));
            }
        }
        if (!hidden.isEmpty()) {
            List<SqlEdits.Piece> cols = new ArrayList<>();
            for (int i = 0; i < hidden.size(); i++) {
                cols.add(SqlEdits.Piece.text(", "));
                cols.addAll(hidden.get(i));
                cols.add(SqlEdits.Piece.text(" AS sj_h" + (i + 1)));
            }
            edits.add(new SqlEdits.Edit(parts.selectListEnd(), parts.selectListEnd(), cols));
        }
        return new MergeTemplate(edits, parts.limitSpan(), parts.limit(), parts.offset(), aggregating, hidden.size(),
                List.copyOf(slots), List.copyOf(outputs), having, List.copyOf(order), distinct, visibleWeights,
                lexed.paramOffsets().length, aggregating || distinct ? null : seekable());
    }

    /**
     * Where a deep page of this statement may be fetched by seek (see {@link PageSeek}): one ORDER BY
     * term that is a plain column usable in WHERE, a LIMIT with OFFSET, and nothing after them (row
     * locks would lock the probe's rows too). Null when the statement does not qualify.
     */
    private MergeTemplate.Seek seekable() throws SQLException {
        if (parts.orderBy().size() != 1 || parts.limit() == null || parts.offset() == null || parts.tail()) return null;
        SelectParts.Order o = parts.orderBy().get(0);
        SelectParts.Item item = referencedItem(o.expr());
        SqlNode expr = item != null ? item.expr() : o.expr();
        if (!(expr instanceof SqlIdentifier id) || id.isStar()) return null;
        // an unqualified name in a join may be an output column in ORDER BY but ambiguous in WHERE
        if (id.names.size() == 1 && shape.tables().size() > 1) return null;
        int[] span = item != null ? new int[] {item.start(), item.end()} : new int[] {o.start(), o.end()};
        String key = lexed.sql().substring(span[0], span[1]);
        List<SqlEdits.Edit> bounds = new ArrayList<>();
        int[] where = parts.whereSpan();
        if (where != null) {
            int open = where[0] + "WHERE".length();
            while (open < where[1] && Character.isWhitespace(lexed.sql().charAt(open))) open++;
            bounds.add(new SqlEdits.Edit(open, open, List.of(SqlEdits.Piece.text("("))));
            bounds.add(new SqlEdits.Edit(where[1], where[1], List.of(SqlEdits.Piece.text(") AND " + PageSeek.BOUNDS))));
        } else {
            bounds.add(new SqlEdits.Edit(parts.clauseTail(), parts.clauseTail(),
                    List.of(SqlEdits.Piece.text("WHERE " + PageSeek.BOUNDS + " "))));
        }
        return new MergeTemplate.Seek(key, bounds);
    }

    /**
     * MySQL/MariaDB compare strings by the column's collation, which Java cannot reproduce (the
     * default utf8mb4 collations ignore case, accents and trailing spaces): there every value the
     * merge orders, groups or de-duplicates travels with its collation weight, computed by the shard.
     */
    private boolean collated() {
        return dialect == Dialect.MYSQL;
    }

    /**
     * The collation weight of an expression's strings, as the shard computes it: {@code WEIGHT_STRING}
     * of the value, without trailing spaces under PAD SPACE collations (where they do not count; the
     * NO PAD ones are MariaDB's {@code _nopad_}, MySQL 8's {@code _0900_} and binary).
     */
    private static List<SqlEdits.Piece> weightOf(List<SqlEdits.Piece> expr) {
        List<SqlEdits.Piece> w = new ArrayList<>();
        w.add(SqlEdits.Piece.text("WEIGHT_STRING(CASE WHEN COLLATION("));
        w.addAll(expr);
        w.add(SqlEdits.Piece.text(") LIKE '%nopad%' OR COLLATION("));
        w.addAll(expr);
        w.add(SqlEdits.Piece.text(") LIKE '%0900%' OR COLLATION("));
        w.addAll(expr);
        w.add(SqlEdits.Piece.text(") = 'binary' THEN "));
        w.addAll(expr);
        w.add(SqlEdits.Piece.text(" ELSE RTRIM("));
        w.addAll(expr);
        w.add(SqlEdits.Piece.text(") END)"));
        return w;
    }

    private List<SqlEdits.Piece> itemPieces(SelectParts.Item item) {
        return List.of(SqlEdits.Piece.copy(item.start(), item.end()));
    }

    private List<SqlEdits.Piece> nodePieces(SqlNode n) {
        int[] span = source.span(n);
        return List.of(SqlEdits.Piece.copy(span[0], span[1]));
    }

    /** {@code NAME(arg)} with the argument copied from the original text (its parameters stay bound). */
    private List<SqlEdits.Piece> call(String name, SqlNode arg) {
        if (arg == null) return List.of(SqlEdits.Piece.text(name + "(*)"));
        List<SqlEdits.Piece> p = new ArrayList<>();
        p.add(SqlEdits.Piece.text(name + "("));
        p.addAll(nodePieces(arg));
        p.add(SqlEdits.Piece.text(")"));
        return p;
    }

    /** Where NULLs sort when the query does not say: PostgreSQL puts them last ascending, MySQL and H2 first. */
    private boolean nullsFirst(SelectParts.Order o) {
        if (o.nullsFirst() != null) return o.nullsFirst();
        return dialect == Dialect.POSTGRESQL ? o.descending() : !o.descending();
    }

    /** The select item an ORDER BY/GROUP BY/HAVING term names by ordinal or alias, or null. */
    private SelectParts.Item referencedItem(SqlNode e) throws SQLException {
        if (e instanceof SqlNumericLiteral n) {
            int i = n.getValueAs(BigDecimal.class).intValueExact();
            if (i < 1 || i > parts.items().size()) throw unsupported("ORDER BY/GROUP BY position " + i);
            if (parts.star()) throw unsupported("ORDER BY/GROUP BY position with SELECT *");
            return parts.items().get(i - 1);
        }
        if (e instanceof SqlIdentifier id && id.names.size() == 1 && !id.isStar()) {
            String name = id.getSimple().toLowerCase(Locale.ROOT);
            for (SelectParts.Item item : parts.items()) if (name.equals(item.alias())) return item;
        }
        return null;
    }

    private List<SqlEdits.Piece> orderPieces(SelectParts.Order o) throws SQLException {
        SelectParts.Item item = referencedItem(o.expr());
        return item != null ? itemPieces(item) : List.of(SqlEdits.Piece.copy(o.start(), o.end()));
    }

    /** 0-based index of a hidden column with this expression, added if new. */
    private int hiddenColumn(List<SqlEdits.Piece> expr) {
        StringBuilder key = new StringBuilder();
        for (SqlEdits.Piece p : expr) key.append(p.text() != null ? p.text() : lexed.sql().substring(p.start(), p.end()));
        return hiddenIndex.computeIfAbsent(key.toString(), t -> {
            hidden.add(List.copyOf(expr));
            return hidden.size() - 1;
        });
    }

    /** The 1-based physical column of a hidden column. */
    private int physical(int hiddenIdx) {
        return parts.items().size() + hiddenIdx + 1;
    }

    /**
     * A slot over a column whose value is the expression {@code expr}; on MySQL/MariaDB, slots that
     * order, group or de-duplicate get the expression's collation weight as a hidden column too.
     */
    private Expr.Column slot(int column, Fold fold, List<SqlEdits.Piece> expr) {
        int weight = 0;
        if (collated() && fold != Fold.COUNT && fold != Fold.SUM && fold != Fold.SUM_DISTINCT) {
            weight = physical(hiddenColumn(weightOf(expr)));
        }
        return new Expr.Column(slotIndex.computeIfAbsent(new Slot(column, fold, weight), s -> {
            slots.add(s);
            return slots.size() - 1;
        }));
    }

    private void groupKey(SqlNode g) throws SQLException {
        SelectParts.Item item = referencedItem(g);
        int column = item != null ? parts.items().indexOf(item) + 1 : visibleColumnOf(source.text(g));
        List<SqlEdits.Piece> expr = column > 0 ? itemPieces(parts.items().get(column - 1)) : nodePieces(g);
        slot(column > 0 ? column : physical(hiddenColumn(expr)), Fold.KEY, expr);
    }

    /** The 1-based visible column whose expression is exactly this text, or -1. */
    private int visibleColumnOf(String text) {
        for (int i = 0; i < parts.items().size(); i++) {
            SelectParts.Item it = parts.items().get(i);
            if (lexed.sql().substring(it.start(), it.end()).equals(text)) return i + 1;
        }
        return -1;
    }

    /**
     * An expression over a group's slots. Parts without aggregates are computed by the shards (a
     * visible column, or a hidden one); aggregates fold; operators over aggregates run in Java.
     *
     * @param visible the 1-based visible column holding exactly this expression, or -1
     */
    private Expr compile(SqlNode node, int visible) throws SQLException {
        if (!Aggregates.contains(node)) {
            if (node instanceof SqlLiteral lit && !(lit.getValue() instanceof org.apache.calcite.util.NlsString)) {
                if (lit instanceof SqlNumericLiteral n) return new Expr.Const(numericLiteral(n));
                if (lit.getValue() == null) return new Expr.Const(null);
            }
            if (node instanceof SqlDynamicParam p) return new Expr.Param(lexed.paramIndexAt(source.start(p)));
            if (visible < 0) {
                SelectParts.Item item = referencedItem(node);
                if (item != null) return compile(item.expr(), parts.items().indexOf(item) + 1);
                visible = visibleColumnOf(source.text(node));
            }
            List<SqlEdits.Piece> expr = visible > 0 ? itemPieces(parts.items().get(visible - 1)) : nodePieces(node);
            return slot(visible > 0 ? visible : physical(hiddenColumn(expr)), Fold.ANY, expr);
        }
        SqlCall call = (SqlCall) node;
        if (Aggregates.isAggregate(call)) return aggregate(call, visible);
        List<SqlNode> ops = call.getOperandList();
        switch (call.getKind()) {
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
                char op = switch (call.getKind()) {
                    case PLUS -> '+';
                    case MINUS -> '-';
                    case TIMES -> '*';
                    case DIVIDE -> '/';
                    default -> '%';
                };
                Expr left = compile(ops.get(0), -1), right = compile(ops.get(1), -1);
                refuseMySqlQuotientOperand(left, node);
                refuseMySqlQuotientOperand(right, node);
                return new Expr.Arithmetic(op, left, right, dialect);
            }
            case MINUS_PREFIX -> {
                Expr operand = compile(ops.get(0), -1);
                refuseMySqlQuotientOperand(operand, node);
                return new Expr.Negate(operand, dialect);
            }
            case PLUS_PREFIX -> {
                return compile(ops.get(0), -1);
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                String op = switch (call.getKind()) {
                    case EQUALS -> "=";
                    case NOT_EQUALS -> "<>";
                    case LESS_THAN -> "<";
                    case LESS_THAN_OR_EQUAL -> "<=";
                    case GREATER_THAN -> ">";
                    default -> ">=";
                };
                return new Expr.Compare(op, compile(ops.get(0), -1), compile(ops.get(1), -1));
            }
            case AND, OR -> {
                List<Expr> list = new ArrayList<>();
                for (SqlNode op : ops) list.add(compile(op, -1));
                return call.getKind() == SqlKind.AND ? new Expr.And(list) : new Expr.Or(list);
            }
            case NOT -> {
                return new Expr.Not(compile(ops.get(0), -1));
            }
            case IS_NULL, IS_NOT_NULL -> {
                return new Expr.IsNull(compile(ops.get(0), -1), call.getKind() == SqlKind.IS_NOT_NULL);
            }
            default -> throw unsupported("'" + call.getOperator().getName() + "' over aggregates in " + source.text(node));
        }
    }

    private Expr aggregate(SqlCall call, int visible) throws SQLException {
        boolean distinct = call.getFunctionQuantifier() != null
                && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue());
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<SqlNode> ops = call.getOperandList();
        if (ops.size() > 1 || (ops.size() == 1 && Aggregates.contains(ops.get(0)))) {
            throw unsupported("aggregate " + source.text(call));
        }
        boolean star = ops.isEmpty() || ops.get(0) instanceof SqlIdentifier id && id.isStar();
        SqlNode arg = star ? null : ops.get(0);
        int own = visible > 0 ? visible : -1;
        List<SqlEdits.Piece> ownExpr = own > 0 ? itemPieces(parts.items().get(own - 1)) : null;
        switch (name) {
            case "COUNT" -> {
                if (distinct) return distinctSlot(arg, Fold.COUNT_DISTINCT);
                List<SqlEdits.Piece> e = own > 0 ? ownExpr : call("COUNT", arg);
                return slot(own > 0 ? own : physical(hiddenColumn(e)), Fold.COUNT, e);
            }
            case "SUM" -> {
                if (distinct) return distinctSlot(arg, Fold.SUM_DISTINCT);
                List<SqlEdits.Piece> e = own > 0 ? ownExpr : call("SUM", arg);
                return slot(own > 0 ? own : physical(hiddenColumn(e)), Fold.SUM, e);
            }
            case "MIN", "MAX" -> {
                List<SqlEdits.Piece> e = own > 0 ? ownExpr : call(name, arg);
                return slot(own > 0 ? own : physical(hiddenColumn(e)), name.equals("MIN") ? Fold.MIN : Fold.MAX, e);
            }
            case "AVG" -> {
                if (distinct) {
                    return new Expr.Average(distinctSlot(arg, Fold.SUM_DISTINCT), distinctSlot(arg, Fold.COUNT_DISTINCT), dialect);
                }
                List<SqlEdits.Piece> sum = call("SUM", arg), count = call("COUNT", arg);
                return new Expr.Average(slot(physical(hiddenColumn(sum)), Fold.SUM, sum),
                        slot(physical(hiddenColumn(count)), Fold.COUNT, count), dialect);
            }
            default -> throw unsupported("aggregate function " + name);
        }
    }

    /**
     * A DISTINCT aggregate: the shards group by its argument too, so each value arrives once per
     * shard and group. For SUM the value travels as the shard's {@code SUM(DISTINCT x)} of that one
     * value, so it has the type the database gives the sum (PostgreSQL: int8 for int4, numeric for
     * int8; MySQL: DECIMAL).
     */
    private Expr distinctSlot(SqlNode arg, Fold fold) throws SQLException {
        if (arg == null) throw unsupported("DISTINCT aggregate of *");
        List<SqlEdits.Piece> argExpr = nodePieces(arg);
        int[] span = source.span(arg);
        for (int offset : lexed.paramOffsets()) {
            if (dialect == Dialect.POSTGRESQL && offset >= span[0] && offset < span[1]) {
                // the shards would have to GROUP BY the expression, and PostgreSQL does not match "x + $1" to "x + $2"
                throw unsupported("COUNT/SUM/AVG(DISTINCT ...) over an expression with parameters on PostgreSQL (" + source.text(arg) + ")");
            }
        }
        groupExtension.put(source.text(arg), argExpr);
        if (fold == Fold.SUM_DISTINCT) {
            List<SqlEdits.Piece> sum = new ArrayList<>();
            sum.add(SqlEdits.Piece.text("SUM(DISTINCT "));
            sum.addAll(argExpr);
            sum.add(SqlEdits.Piece.text(")"));
            return slot(physical(hiddenColumn(sum)), fold, sum);
        }
        return slot(physical(hiddenColumn(argExpr)), fold, argExpr);
    }

    /**
     * MySQL/MariaDB show a quotient (and AVG) rounded to its scale (dividend scale + 4) but compute
     * further arithmetic on it with more digits (truncated to a multiple of 9 decimals): the merge
     * has only the rounded value, so arithmetic over a quotient would be off in the last digits.
     * Such expressions are refused rather than answered wrongly; the quotient alone is exact.
     */
    private void refuseMySqlQuotientOperand(Expr operand, SqlNode node) throws SQLException {
        if (dialect == Dialect.MYSQL && quotient(operand)) {
            throw unsupported("arithmetic over AVG or a division of aggregates on MySQL/MariaDB (" + source.text(node) + ")");
        }
    }

    private static boolean quotient(Expr e) {
        if (e instanceof Expr.Average) return true;
        if (e instanceof Expr.Arithmetic a) return a.op() == '/' || quotient(a.left()) || quotient(a.right());
        if (e instanceof Expr.Negate n) return quotient(n.operand());
        return false;
    }

    /** A numeric literal typed as the dialect types it: PostgreSQL int4, int8 or numeric; MySQL BIGINT or DECIMAL. */
    private Object numericLiteral(SqlNumericLiteral n) {
        BigDecimal v = n.getValueAs(BigDecimal.class);
        if (!n.isExact()) return v.doubleValue();
        if (n.isInteger() || v.scale() <= 0) {
            try {
                long l = v.longValueExact();
                if (dialect != Dialect.MYSQL && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) l;
                return l;
            } catch (ArithmeticException tooBig) {
                return v;
            }
        }
        return v;
    }
}
