package io.shardjdbc.route;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.Fold;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.mergeplan.SortKey;
import io.shardjdbc.sql.Aggregates;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.SelectParts;
import io.shardjdbc.sql.SourceText;
import io.shardjdbc.sql.StatementShape;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    private final List<String> hidden = new ArrayList<>();
    private final Map<String, Integer> hiddenIndex = new HashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Slot, Integer> slotIndex = new HashMap<>();
    private final Set<String> groupExtension = new LinkedHashSet<>();

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
                + "to one shard with a condition on the shard key, or add a /* shard: NAME */ hint", "0A000");
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
        if (!aggregating) {
            for (SelectParts.Order o : parts.orderBy()) {
                int k = hiddenColumn(orderText(o));
                order.add(new SortKey(new Expr.Column(k), o.descending(), nullsFirst(o)));
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
                String cols = String.join(", ", groupExtension);
                edits.add(parts.groupByEnd() >= 0
                        ? new SqlEdits.Edit(parts.groupByEnd(), parts.groupByEnd(), List.of(SqlEdits.Piece.text(", " + cols)))
                        : new SqlEdits.Edit(parts.clauseTail(), parts.clauseTail(), List.of(SqlEdits.Piece.text(" GROUP BY " + cols + " "))));
            }
        }
        if (!hidden.isEmpty()) {
            StringBuilder cols = new StringBuilder();
            for (int i = 0; i < hidden.size(); i++) cols.append(", ").append(hidden.get(i)).append(" AS sj_h").append(i + 1);
            edits.add(new SqlEdits.Edit(parts.selectListEnd(), parts.selectListEnd(), List.of(SqlEdits.Piece.text(cols.toString()))));
        }
        return new MergeTemplate(edits, parts.limitSpan(), parts.limit(), parts.offset(), aggregating, hidden.size(),
                List.copyOf(slots), List.copyOf(outputs), having, List.copyOf(order), distinct, lexed.paramOffsets().length);
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

    private String orderText(SelectParts.Order o) throws SQLException {
        SelectParts.Item item = referencedItem(o.expr());
        return item != null ? lexed.sql().substring(item.start(), item.end()) : lexed.sql().substring(o.start(), o.end());
    }

    /** 0-based index of a hidden column with this expression text, added if new. */
    private int hiddenColumn(String text) {
        return hiddenIndex.computeIfAbsent(text, t -> {
            hidden.add(t);
            return hidden.size() - 1;
        });
    }

    /** The 1-based physical column of a hidden column. */
    private int physical(int hiddenIdx) {
        return parts.items().size() + hiddenIdx + 1;
    }

    private Expr.Column slot(int column, Fold fold) {
        return new Expr.Column(slotIndex.computeIfAbsent(new Slot(column, fold), s -> {
            slots.add(s);
            return slots.size() - 1;
        }));
    }

    private void groupKey(SqlNode g) throws SQLException {
        SelectParts.Item item = referencedItem(g);
        int column = item != null ? parts.items().indexOf(item) + 1 : visibleColumnOf(source.text(g));
        slot(column > 0 ? column : physical(hiddenColumn(source.text(g))), Fold.KEY);
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
                if (lit instanceof SqlNumericLiteral n) return new Expr.Const(n.getValueAs(BigDecimal.class));
                if (lit.getValue() == null) return new Expr.Const(null);
            }
            if (node instanceof SqlDynamicParam p) return new Expr.Param(lexed.paramIndexAt(source.start(p)));
            if (visible < 0) {
                SelectParts.Item item = referencedItem(node);
                if (item != null) return compile(item.expr(), parts.items().indexOf(item) + 1);
                visible = visibleColumnOf(source.text(node));
            }
            return slot(visible > 0 ? visible : physical(hiddenColumn(source.text(node))), Fold.ANY);
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
                return new Expr.Arithmetic(op, compile(ops.get(0), -1), compile(ops.get(1), -1), dialect);
            }
            case MINUS_PREFIX -> {
                return new Expr.Negate(compile(ops.get(0), -1));
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
        String arg = star ? "*" : source.text(ops.get(0));
        int own = visible > 0 ? visible : -1;
        switch (name) {
            case "COUNT" -> {
                if (distinct) return distinctSlot(arg, Fold.COUNT_DISTINCT);
                return slot(own > 0 ? own : physical(hiddenColumn("COUNT(" + arg + ")")), Fold.COUNT);
            }
            case "SUM" -> {
                if (distinct) return distinctSlot(arg, Fold.SUM_DISTINCT);
                return slot(own > 0 ? own : physical(hiddenColumn("SUM(" + arg + ")")), Fold.SUM);
            }
            case "MIN", "MAX" -> {
                return slot(own > 0 ? own : physical(hiddenColumn(name + "(" + arg + ")")), name.equals("MIN") ? Fold.MIN : Fold.MAX);
            }
            case "AVG" -> {
                if (distinct) return new Expr.Average(distinctSlot(arg, Fold.SUM_DISTINCT), distinctSlot(arg, Fold.COUNT_DISTINCT), dialect);
                return new Expr.Average(slot(physical(hiddenColumn("SUM(" + arg + ")")), Fold.SUM),
                        slot(physical(hiddenColumn("COUNT(" + arg + ")")), Fold.COUNT), dialect);
            }
            default -> throw unsupported("aggregate function " + name);
        }
    }

    /** A DISTINCT aggregate: the shards group by its argument too, so each value arrives once per shard and group. */
    private Expr distinctSlot(String arg, Fold fold) {
        groupExtension.add(arg);
        return slot(physical(hiddenColumn(arg)), fold);
    }

}
