package io.shardjdbc.sql;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Reads a Calcite parse tree into a {@link StatementShape}: tables (and whether they are top level),
 * the routable part of the WHERE clause, join conditions, INSERT rows and query features.
 * One instance reads one statement.
 */
final class ShapeReader {
    private final LexedSql lexed;
    private final MaskedSql masked;
    private final Positions positions;
    private final SourceText source;
    private final List<TableRef> tables = new ArrayList<>();
    private final List<Condition> joins = new ArrayList<>();
    private final Set<StatementShape.Feature> features = EnumSet.noneOf(StatementShape.Feature.class);
    private final Set<String> cteNames = new HashSet<>();
    private static final Set<SqlKind> WRAPPED_TABLES = EnumSet.of(SqlKind.TABLE_REF, SqlKind.TABLESAMPLE, SqlKind.EXTEND,
            SqlKind.SNAPSHOT);
    private SelectParts selectParts;
    private final List<Subquery> subqueryList = new ArrayList<>();
    private final java.util.Map<Integer, List<Condition>> scopeJoins = new java.util.HashMap<>();
    private int scopes;
    private List<Integer> unionAll;
    private SqlOrderBy topOrderBy;

    ShapeReader(LexedSql lexed, MaskedSql masked) {
        this.lexed = lexed;
        this.masked = masked;
        this.positions = new Positions(masked);
        this.source = new SourceText(lexed, positions);
    }

    StatementShape read(SqlNode root, StatementKind kind) throws SQLException {
        Condition where = Condition.OPAQUE;
        InsertRows insert = null;
        boolean insertSelect = false;
        List<String> updated = List.of();
        TextSpan writeCondition = null;
        switch (root.getKind()) {
            case INSERT -> {
                SqlInsert ins = (SqlInsert) root;
                addTarget(ins.getTargetTable());
                SqlNode source = ins.getSource();
                if (source.getKind() == SqlKind.VALUES) {
                    insert = insertRows(ins, (SqlCall) source);
                } else {
                    insertSelect = true;
                    nested(source, 0, Subquery.Kind.OTHER, null);
                }
            }
            case UPDATE -> {
                SqlUpdate up = (SqlUpdate) root;
                addTarget(up.getTargetTable(), up.getAlias());
                List<String> cols = new ArrayList<>();
                for (SqlNode c : up.getTargetColumnList()) cols.add(lastName((SqlIdentifier) c));
                updated = List.copyOf(cols);
                for (SqlNode e : up.getSourceExpressionList()) subqueries(e, 0);
                if (up.getCondition() != null) {
                    where = condition(up.getCondition());
                    subqueries(up.getCondition(), 0);
                    writeCondition = spanOf(up.getCondition());
                }
            }
            case DELETE -> {
                SqlDelete del = (SqlDelete) root;
                addTarget(del.getTargetTable(), del.getAlias());
                if (del.getCondition() != null) {
                    where = condition(del.getCondition());
                    subqueries(del.getCondition(), 0);
                    writeCondition = spanOf(del.getCondition());
                }
            }
            default -> {
                if (!root.getKind().belongsTo(SqlKind.QUERY) && root.getKind() != SqlKind.WITH
                        && root.getKind() != SqlKind.ORDER_BY) {
                    throw new SQLFeatureNotSupportedException("statement of kind " + root.getKind()
                            + " cannot be routed; add a /* shard: NAME */ hint", Refusals.SQL_STATE);
                }
                where = query(root, 0);
            }
        }
        tables.removeIf(t -> cteNames.contains(t.name()));
        return new StatementShape(kind, List.copyOf(tables), where, List.copyOf(joins), insert, insertSelect, updated,
                features, masked.clauses(), selectParts, List.copyOf(subqueryList), unionAll, writeCondition);
    }

    /** Reads a query in a scope; at scope 0 records its features; returns its WHERE condition. */
    private Condition query(SqlNode node, int scope) {
        boolean top = scope == 0;
        switch (node.getKind()) {
            case ORDER_BY -> {
                SqlOrderBy ob = (SqlOrderBy) node;
                if (top && ob.query.getKind() == SqlKind.SELECT) topOrderBy = ob;
                if (top) {
                    if (ob.orderList != null && !ob.orderList.isEmpty()) features.add(StatementShape.Feature.ORDER_BY);
                    if (ob.offset != null || ob.fetch != null) features.add(StatementShape.Feature.LIMIT);
                }
                for (SqlNode o : ob.orderList) subqueries(o, scope);
                return query(ob.query, scope);
            }
            case WITH -> {
                SqlWith with = (SqlWith) node;
                for (SqlNode item : with.withList) {
                    SqlWithItem w = (SqlWithItem) item;
                    cteNames.add(w.name.getSimple().toLowerCase(Locale.ROOT));
                    nested(w.query, scope, Subquery.Kind.OTHER, null);
                }
                return query(with.body, scope);
            }
            case SELECT -> {
                SqlSelect s = (SqlSelect) node;
                if (top) {
                    selectFeatures(s);
                    selectParts = selectParts(s, topOrderBy);
                }
                List<Condition> queryJoins = new ArrayList<>();
                if (s.getFrom() != null) from(s.getFrom(), scope, queryJoins);
                if (top) joins.addAll(queryJoins);
                else scopeJoins.put(scope, queryJoins);
                for (SqlNode item : s.getSelectList()) subqueries(item, scope);
                if (s.getHaving() != null) subqueries(s.getHaving(), scope);
                if (s.getWhere() == null) return Condition.OPAQUE;
                subqueries(s.getWhere(), scope);
                return condition(s.getWhere());
            }
            case UNION, INTERSECT, EXCEPT -> {
                if (top) features.add(StatementShape.Feature.SET_OPERATION);
                List<SqlNode> parts = new ArrayList<>();
                if (top && unionAllParts(node, parts)) {
                    List<Integer> scopesOfParts = new ArrayList<>();
                    for (SqlNode part : parts) scopesOfParts.add(nested(part, scope, Subquery.Kind.UNION_ALL_PART, null));
                    unionAll = List.copyOf(scopesOfParts);
                } else {
                    for (SqlNode op : ((SqlCall) node).getOperandList()) nested(op, scope, Subquery.Kind.OTHER, null);
                }
                return Condition.OPAQUE;
            }
            default -> {
                subqueries(node, scope);
                return Condition.OPAQUE;
            }
        }
    }

    /**
     * Collects the parts of a chain of UNION ALL (only UNION ALL: a plain UNION removes duplicates);
     * false if the chain holds another set operation or a part that is not a plain SELECT.
     */
    private static boolean unionAllParts(SqlNode node, List<SqlNode> parts) {
        if (node.getKind() == SqlKind.UNION) {
            SqlCall call = (SqlCall) node;
            if (!((org.apache.calcite.sql.SqlSetOperator) call.getOperator()).isAll()) return false;
            for (SqlNode op : call.getOperandList()) if (!unionAllParts(op, parts)) return false;
            return true;
        }
        if (node.getKind() != SqlKind.SELECT) return false;
        SqlSelect s = (SqlSelect) node;
        boolean plain = !s.isDistinct() && (s.getGroup() == null || s.getGroup().isEmpty()) && s.getHaving() == null
                && (s.getOrderList() == null || s.getOrderList().isEmpty()) && s.getFetch() == null && s.getOffset() == null
                && (s.getWindowList() == null || s.getWindowList().isEmpty());
        for (SqlNode item : s.getSelectList()) plain &= !Aggregates.contains(item) && !containsOver(item);
        parts.add(node);
        return plain;
    }

    private static boolean containsOver(SqlNode node) {
        if (!(node instanceof SqlCall call)) return false;
        if (call.getKind() == SqlKind.OVER) return true;
        for (SqlNode op : call.getOperandList()) if (op != null && containsOver(op)) return true;
        return false;
    }

    /** Reads a query nested in {@code parent} as a new scope, records how it hangs on its parent; returns the scope. */
    private int nested(SqlNode query, int parent, Subquery.Kind kind, ColumnRef outer) {
        return nested(query, parent, kind, outer, null, false);
    }

    /**
     * @param predicate the IN or EXISTS call the query is the operand of, or null
     * @param negated   true for NOT IN
     */
    private int nested(SqlNode query, int parent, Subquery.Kind kind, ColumnRef outer, SqlNode predicate, boolean negated) {
        int scope = ++scopes;
        Condition where = query(query, scope);
        ColumnRef inner = null;
        if (kind == Subquery.Kind.IN && query instanceof SqlSelect s && s.getSelectList().size() == 1) {
            SqlNode item = s.getSelectList().get(0);
            inner = column(item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item);
        }
        subqueryList.add(new Subquery(scope, parent, kind, outer, inner, where,
                List.copyOf(scopeJoins.getOrDefault(scope, List.of())), textOf(query, predicate, negated)));
        return scope;
    }

    private void selectFeatures(SqlSelect s) {
        if (s.isDistinct()) features.add(StatementShape.Feature.DISTINCT);
        if (s.getGroup() != null && !s.getGroup().isEmpty()) features.add(StatementShape.Feature.GROUP_BY);
        if (s.getHaving() != null) features.add(StatementShape.Feature.HAVING);
        if (s.getOrderList() != null && !s.getOrderList().isEmpty()) features.add(StatementShape.Feature.ORDER_BY);
        if (s.getOffset() != null || s.getFetch() != null) features.add(StatementShape.Feature.LIMIT);
        if (s.getWindowList() != null && !s.getWindowList().isEmpty()) features.add(StatementShape.Feature.WINDOW);
        for (SqlNode item : s.getSelectList()) aggregates(item);
    }

    private void aggregates(SqlNode node) {
        if (node instanceof SqlCall call && call.getKind() == SqlKind.OVER) {
            features.add(StatementShape.Feature.WINDOW);
            return;
        }
        if (Aggregates.contains(node)) features.add(StatementShape.Feature.AGGREGATE);
        if (node instanceof SqlCall call && call.getKind() != SqlKind.SELECT && call.getKind() != SqlKind.ORDER_BY) {
            for (SqlNode op : call.getOperandList()) if (op != null) aggregates(op);
        }
    }

    private void from(SqlNode node, int scope, List<Condition> queryJoins) {
        switch (node.getKind()) {
            case IDENTIFIER -> tables.add(new TableRef(lastName((SqlIdentifier) node), null, scope));
            case AS -> {
                List<SqlNode> ops = ((SqlCall) node).getOperandList();
                SqlNode target = ops.get(0);
                String alias = ((SqlIdentifier) ops.get(1)).getSimple().toLowerCase(Locale.ROOT);
                if (target instanceof SqlIdentifier id) tables.add(new TableRef(lastName(id), alias, scope));
                else if (WRAPPED_TABLES.contains(target.getKind()) && ((SqlCall) target).operand(0) instanceof SqlIdentifier id) {
                    tables.add(new TableRef(lastName(id), alias, scope));
                } else from(target, scope, queryJoins);
            }
            case JOIN -> {
                SqlJoin j = (SqlJoin) node;
                from(j.getLeft(), scope, queryJoins);
                from(j.getRight(), scope, queryJoins);
                if (j.getCondition() != null) {
                    if (j.getConditionType() == JoinConditionType.USING) {
                        for (SqlNode c : (SqlNodeList) j.getCondition()) {
                            String col = lastName((SqlIdentifier) c);
                            queryJoins.add(new Condition.ColumnsEqual(new ColumnRef("*using*", col), new ColumnRef("*using*", col)));
                        }
                    } else {
                        subqueries(j.getCondition(), scope);
                        queryJoins.add(condition(j.getCondition()));
                    }
                }
            }
            // a table with hints, TABLESAMPLE, extended columns or FOR SYSTEM_TIME is still that table
            case TABLE_REF, TABLESAMPLE, EXTEND, SNAPSHOT -> from(((SqlCall) node).operand(0), scope, queryJoins);
            // derived tables, LATERAL and the like are scopes of their own
            case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT -> nested(node, scope, Subquery.Kind.OTHER, null);
            default -> otherScopes(node, scope);
        }
    }

    /** Queries inside an unusual FROM item (LATERAL, table functions): scopes nobody can route inside. */
    private void otherScopes(SqlNode node, int scope) {
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) otherScopes(n, scope);
            return;
        }
        if (!(node instanceof SqlCall call)) return;
        switch (call.getKind()) {
            case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT -> nested(call, scope, Subquery.Kind.OTHER, null);
            default -> {
                for (SqlNode op : call.getOperandList()) if (op != null) otherScopes(op, scope);
            }
        }
    }

    /** Finds queries nested in an expression of scope {@code scope}: IN, EXISTS and scalar subqueries. */
    private void subqueries(SqlNode node, int scope) {
        if (node == null) return;
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) subqueries(n, scope);
            return;
        }
        if (!(node instanceof SqlCall call)) return;
        switch (call.getKind()) {
            case SELECT, ORDER_BY -> nested(call, scope, Subquery.Kind.SCALAR, null);
            case WITH, UNION, INTERSECT, EXCEPT -> nested(call, scope, Subquery.Kind.OTHER, null);
            case IN, NOT_IN -> {
                SqlNode right = call.operand(1);
                if (isQuery(right)) {
                    subqueries(call.operand(0), scope);
                    nested(right, scope, Subquery.Kind.IN, column(call.operand(0)), call, call.getKind() == SqlKind.NOT_IN);
                } else {
                    for (SqlNode op : call.getOperandList()) subqueries(op, scope);
                }
            }
            case EXISTS -> {
                if (isQuery(call.operand(0))) nested(call.operand(0), scope, Subquery.Kind.EXISTS, null, call, false);
                else subqueries(call.operand(0), scope);
            }
            default -> {
                for (SqlNode op : call.getOperandList()) subqueries(op, scope);
            }
        }
    }

    /** Where a condition is in the statement's text; null when positions are missing. */
    private TextSpan spanOf(SqlNode condition) {
        try {
            int[] span = source.span(condition);
            return new TextSpan(span[0], span[1]);
        } catch (IllegalArgumentException noPosition) {
            return null;
        }
    }

    /** Where a nested query and the predicate holding it are in the statement's text; null when positions are missing. */
    private Subquery.Text textOf(SqlNode query, SqlNode predicate, boolean negated) {
        try {
            int[] q = withoutParentheses(source.span(query));
            int[] p = predicate == null ? q : source.span(predicate);
            return new Subquery.Text(q[0], q[1], p[0], p[1], negated);
        } catch (IllegalArgumentException noPosition) {
            return null;
        }
    }

    /** A span that Calcite's position for a query may give with the parentheses around it, without them. */
    private int[] withoutParentheses(int[] span) {
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        int first = -1, last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.start() == span[0]) first = i;
            if (t.end() == span[1]) last = i;
        }
        while (first >= 0 && last > first && tokens.get(first).isSymbol(sql, "(") && tokens.get(last).isSymbol(sql, ")")
                && closes(tokens, first, last)) {
            first++;
            last--;
        }
        return first < 0 || last < first ? span : new int[] {tokens.get(first).start(), tokens.get(last).end()};
    }

    /** True when the parenthesis at token {@code close} is the one that closes the one at {@code open}. */
    private boolean closes(List<Token> tokens, int open, int close) {
        int depth = 0;
        for (int i = open; i <= close; i++) {
            if (tokens.get(i).isSymbol(lexed.sql(), "(")) depth++;
            else if (tokens.get(i).isSymbol(lexed.sql(), ")") && --depth == 0) return i == close;
        }
        return false;
    }

    private static boolean isQuery(SqlNode node) {
        return node != null && (node.getKind() == SqlKind.SELECT || node.getKind() == SqlKind.ORDER_BY);
    }

    private void addTarget(SqlNode target) {
        addTarget(target, null);
    }

    private void addTarget(SqlNode target, SqlIdentifier alias) {
        String a = alias == null ? null : alias.getSimple().toLowerCase(Locale.ROOT);
        if (target.getKind() == SqlKind.AS) {
            List<SqlNode> ops = ((SqlCall) target).getOperandList();
            a = ((SqlIdentifier) ops.get(1)).getSimple().toLowerCase(Locale.ROOT);
            target = ops.get(0);
        }
        if (target.getKind() == SqlKind.TABLE_REF) target = ((SqlCall) target).operand(0);
        tables.add(new TableRef(lastName((SqlIdentifier) target), a, 0));
    }

    private Condition condition(SqlNode node) {
        if (!(node instanceof SqlCall call)) return Condition.OPAQUE;
        List<SqlNode> ops = call.getOperandList();
        switch (call.getKind()) {
            case AND, OR -> {
                List<Condition> parts = new ArrayList<>();
                for (SqlNode op : ops) parts.add(condition(op));
                return call.getKind() == SqlKind.AND ? new Condition.And(parts) : new Condition.Or(parts);
            }
            case EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                ColumnRef left = column(ops.get(0)), right = column(ops.get(1));
                if (left != null && right != null) {
                    return call.getKind() == SqlKind.EQUALS ? new Condition.ColumnsEqual(left, right) : Condition.OPAQUE;
                }
                if (left != null && call.getKind() == SqlKind.EQUALS) {
                    MaskedSql.Folded chain = masked.folded().get(positions.start(ops.get(1).getParserPosition()));
                    if (chain != null) { // col = v OR col = v ... folded out of the parsed text
                        List<Condition> terms = new ArrayList<>(chain.items().size());
                        for (Operand v : chain.values()) terms.add(new Condition.Compare(left, "=", v));
                        return new Condition.Or(terms);
                    }
                }
                if (left != null) return new Condition.Compare(left, op(call.getKind(), false), operand(ops.get(1)));
                if (right != null) return new Condition.Compare(right, op(call.getKind(), true), operand(ops.get(0)));
                return Condition.OPAQUE;
            }
            case IN -> {
                ColumnRef col = column(ops.get(0));
                if (col == null || !(ops.get(1) instanceof SqlNodeList list)) return Condition.OPAQUE;
                List<Operand> values = new ArrayList<>();
                int[] spans = new int[list.size() * 2];
                for (int i = 0; i < list.size(); i++) {
                    SqlNode v = list.get(i);
                    values.add(operand(v));
                    spans[2 * i] = positions.start(v.getParserPosition());
                    spans[2 * i + 1] = positions.end(v.getParserPosition());
                }
                MaskedSql.Folded folded = list.size() == 1 ? masked.folded().get(spans[0]) : null;
                if (folded != null) return new Condition.In(col, folded.values(), folded.spans());
                return new Condition.In(col, values, spans);
            }
            case BETWEEN -> {
                ColumnRef col = column(ops.get(0));
                if (col == null || ((SqlBetweenOperator) call.getOperator()).isNegated()) return Condition.OPAQUE;
                return new Condition.Between(col, operand(ops.get(1)), operand(ops.get(2)));
            }
            default -> {
                return Condition.OPAQUE;
            }
        }
    }

    private static String op(SqlKind kind, boolean flipped) {
        return switch (kind) {
            case EQUALS -> "=";
            case LESS_THAN -> flipped ? ">" : "<";
            case LESS_THAN_OR_EQUAL -> flipped ? ">=" : "<=";
            case GREATER_THAN -> flipped ? "<" : ">";
            case GREATER_THAN_OR_EQUAL -> flipped ? "<=" : ">=";
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private static ColumnRef column(SqlNode node) {
        if (!(node instanceof SqlIdentifier id) || id.isStar()) return null;
        List<String> names = id.names;
        String col = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
        String qualifier = names.size() > 1 ? names.get(names.size() - 2).toLowerCase(Locale.ROOT) : null;
        return new ColumnRef(qualifier, col);
    }

    private Operand operand(SqlNode node) {
        if (node instanceof SqlDynamicParam p) {
            return new Operand.Param(lexed.paramIndexAt(positions.start(p.getParserPosition())));
        }
        if (node instanceof SqlLiteral lit) return new Operand.Literal(literal(lit));
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.CAST) return operand(call.operand(0));
            if (call.getKind() == SqlKind.MINUS_PREFIX && call.operand(0) instanceof SqlNumericLiteral n) {
                return new Operand.Literal(n.getValueAs(BigDecimal.class).negate());
            }
        }
        return new Operand.Other(node.toString());
    }

    private Object literal(SqlLiteral lit) {
        if (lit instanceof SqlNumericLiteral n) return n.getValueAs(BigDecimal.class);
        if (lit instanceof SqlCharStringLiteral s) {
            String decoded = masked.stringValues().get(positions.start(s.getParserPosition()));
            return decoded != null ? decoded : s.getValueAs(String.class);
        }
        Object v = lit.getValue();
        if (v == null) return null;
        if (v instanceof Boolean) return v;
        if (v instanceof DateString d) return d.toString();
        if (v instanceof TimestampString t) return t.toString();
        return lit.toValue();
    }

    private SelectParts selectParts(SqlSelect s, SqlOrderBy wrapper) {
        List<SelectParts.Item> items = new ArrayList<>();
        boolean star = false;
        int listEnd = -1;
        for (SqlNode item : s.getSelectList()) {
            SqlNode expr = item;
            String alias = null;
            if (item.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) item;
                expr = as.operand(0);
                alias = ((SqlIdentifier) as.operand(1)).getSimple().toLowerCase(Locale.ROOT);
            }
            if (expr instanceof SqlIdentifier id && id.isStar()) star = true;
            int[] span = source.span(expr);
            items.add(new SelectParts.Item(expr, alias, span[0], span[1]));
            listEnd = Math.max(listEnd, positions.end(item.getParserPosition()));
        }
        SqlNodeList orderList = wrapper != null ? wrapper.orderList : s.getOrderList();
        List<SelectParts.Order> order = new ArrayList<>();
        if (orderList != null) {
            for (SqlNode o : orderList) {
                boolean desc = false;
                Boolean nullsFirst = null;
                SqlNode e = o;
                while (e instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                        || c.getKind() == SqlKind.NULLS_LAST)) {
                    if (c.getKind() == SqlKind.DESCENDING) desc = true;
                    else if (nullsFirst == null) nullsFirst = c.getKind() == SqlKind.NULLS_FIRST;
                    e = c.operand(0);
                }
                int[] span = source.span(e);
                order.add(new SelectParts.Order(e, desc, nullsFirst, span[0], span[1]));
            }
        }
        List<SqlNode> group = new ArrayList<>();
        int groupEnd = -1;
        if (s.getGroup() != null) {
            for (SqlNode g : s.getGroup()) {
                group.add(g);
                groupEnd = Math.max(groupEnd, source.span(g)[1]);
            }
        }
        SqlNode fetch = wrapper != null && wrapper.fetch != null ? wrapper.fetch : s.getFetch();
        SqlNode offset = wrapper != null && wrapper.offset != null ? wrapper.offset : s.getOffset();
        return new SelectParts(source, List.copyOf(items), star, listEnd, List.copyOf(order), List.copyOf(group), groupEnd,
                clauseStart("HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR", "LOCK"),
                s.getHaving(), s.getHaving() == null ? null : clauseSpan("HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR", "LOCK"),
                fetch == null ? null : operand(fetch), offset == null ? null : operand(offset),
                fetch == null && offset == null ? null : limitSpan(),
                s.getWhere() == null ? null : clauseSpan("WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR", "LOCK"),
                clauseStart("FOR", "LOCK") < statementEnd());
    }

    /** Offset of the first top-level token that is one of the keywords (after the SELECT list), or the statement end. */
    private int clauseStart(String... keywords) {
        String sql = lexed.sql();
        int depth = 0;
        int end = statementEnd();
        for (Token t : lexed.tokens()) {
            if (t.start() >= end) break;
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")")) depth--;
            else if (depth == 0 && t.kind() == Token.Kind.WORD) {
                for (String k : keywords) if (t.is(sql, k)) return t.start();
            }
        }
        return end;
    }

    /** {@code [start, end)} of the clause starting with {@code first} up to the next of the other keywords. */
    private int[] clauseSpan(String first, String... next) {
        int start = clauseStart(first);
        String sql = lexed.sql();
        int depth = 0;
        int end = statementEnd();
        for (Token t : lexed.tokens()) {
            if (t.start() <= start) continue;
            if (t.start() >= end) break;
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")")) depth--;
            else if (depth == 0) {
                for (String k : next) if (t.is(sql, k)) return new int[] {start, trimEnd(t.start())};
            }
        }
        return new int[] {start, trimEnd(end)};
    }

    private int[] limitSpan() {
        int start = clauseStart("LIMIT", "OFFSET", "FETCH");
        int end = start;
        String sql = lexed.sql();
        int stop = statementEnd();
        int depth = 0;
        for (Token t : lexed.tokens()) {
            if (t.start() < start) continue;
            if (t.start() >= stop) break;
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")")) depth--;
            if (depth == 0 && (t.is(sql, "FOR") || t.is(sql, "LOCK"))) break;
            end = t.end();
        }
        return new int[] {start, end};
    }

    private int trimEnd(int end) {
        String sql = lexed.sql();
        while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) end--;
        return end;
    }

    /** End of the statement's tokens, before a trailing ";". */
    private int statementEnd() {
        List<Token> t = lexed.tokens();
        int n = t.size();
        while (n > 0 && t.get(n - 1).isSymbol(lexed.sql(), ";")) n--;
        return n == 0 ? 0 : t.get(n - 1).end();
    }

    private InsertRows insertRows(SqlInsert ins, SqlCall values) throws SQLException {
        List<String> columns = new ArrayList<>();
        if (ins.getTargetColumnList() != null) {
            for (SqlNode c : ins.getTargetColumnList()) columns.add(lastName((SqlIdentifier) c));
        }
        List<List<Operand>> rows = new ArrayList<>();
        for (SqlNode row : values.getOperandList()) {
            List<Operand> ops = new ArrayList<>();
            if (row instanceof SqlCall r && r.getKind() == SqlKind.ROW) {
                for (SqlNode v : r.getOperandList()) {
                    ops.add(operand(v));
                    subqueries(v, 0);
                }
            } else {
                ops.add(operand(row));
            }
            rows.add(List.copyOf(ops));
        }
        if (rows.size() == 1 && !masked.folded().isEmpty()) {
            MaskedSql.Folded folded = masked.folded().get(firstRowStart());
            if (folded != null) rows = folded.items();
        }
        int[] spans = rowSpans(rows.size());
        return new InsertRows(List.copyOf(columns), List.copyOf(rows), spans);
    }

    /** The offset of the parenthesis that opens the first VALUES row, or -1. */
    private int firstRowStart() {
        List<Token> t = lexed.tokens();
        for (int i = 0; i + 1 < t.size(); i++) {
            if ((t.get(i).is(lexed.sql(), "VALUES") || t.get(i).is(lexed.sql(), "VALUE")) && t.get(i + 1).isSymbol(lexed.sql(), "(")) {
                return t.get(i + 1).start();
            }
        }
        return -1;
    }

    /** Finds the parenthesised rows after VALUES with our own tokens (exact, whatever Calcite's positions). */
    private int[] rowSpans(int expected) throws SQLException {
        String sql = lexed.sql();
        List<Token> t = lexed.tokens();
        int i = 0;
        while (i < t.size() && !t.get(i).is(sql, "VALUES") && !t.get(i).is(sql, "VALUE")) i++;
        List<Integer> spans = new ArrayList<>();
        i++;
        while (i < t.size() && t.get(i).isSymbol(sql, "(")) {
            int depth = 0;
            int start = t.get(i).start();
            int j = i;
            for (; j < t.size(); j++) {
                if (t.get(j).isSymbol(sql, "(")) depth++;
                else if (t.get(j).isSymbol(sql, ")") && --depth == 0) break;
            }
            if (j >= t.size()) break;
            spans.add(start);
            spans.add(t.get(j).end());
            i = j + 1;
            if (i < t.size() && t.get(i).isSymbol(sql, ",")) i++;
            else break;
        }
        if (spans.size() != expected * 2) {
            throw new SQLFeatureNotSupportedException("cannot find the " + expected + " VALUES rows of this INSERT in its text; "
                    + "add a /* shard: NAME */ hint", Refusals.SQL_STATE);
        }
        return spans.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String lastName(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
    }
}
