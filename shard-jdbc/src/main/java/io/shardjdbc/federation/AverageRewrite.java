package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.sql.Refusals;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;

/**
 * Replaces the query's AVG aggregates by {@link DialectAverage} (and on PostgreSQL its MIN and MAX
 * by {@link CodePointExtremes}) before validation (window AVG is
 * left alone, and refused: Calcite expands it into its own division). On MySQL/MariaDB an AVG is
 * kept only where the database shows the value it computed: as an item of the outermost SELECT
 * list, not ordered by, not in HAVING or any expression — there MySQL computes with more digits
 * than the AVG shows (the merge refuses the same), so such queries are refused.
 */
final class AverageRewrite {
    private AverageRewrite() { }

    /**
     * @param extremes on PostgreSQL, the code-point MIN and MAX ({@link CodePointExtremes}) that replace
     *                 the query's MIN and MAX; null elsewhere
     */
    static SqlNode apply(SqlNode parsed, Dialect dialect, SqlUserDefinedAggFunction avg, SqlUserDefinedAggFunction[] extremes)
            throws SQLException {
        boolean averages = containsAverage(parsed);
        if (averages && dialect == Dialect.MYSQL) requireShownOnly(parsed);
        if (!averages && extremes == null) return parsed;
        return parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.OVER) return call;
                SqlNode visited = super.visit(call);
                if (!(visited instanceof SqlCall c) || c.operandCount() != 1) return visited;
                String name = c.getOperator().getName().toUpperCase(Locale.ROOT);
                SqlUserDefinedAggFunction f = isAverage(c) ? avg
                        : extremes != null && name.equals("MIN") ? extremes[0]
                        : extremes != null && name.equals("MAX") ? extremes[1] : null;
                if (f == null) return visited;
                return new org.apache.calcite.sql.SqlBasicCall(f, List.of(c.operand(0)), c.getParserPosition(),
                        c.getFunctionQuantifier());
            }
        });
    }

    private static boolean isAverage(SqlCall c) {
        return c.getKind() != SqlKind.OVER && c.operandCount() == 1
                && c.getOperator().getName().toUpperCase(Locale.ROOT).equals("AVG");
    }

    private static boolean containsAverage(SqlNode n) {
        if (n instanceof SqlCall c) {
            if (isAverage(c)) return true;
            for (SqlNode op : c.getOperandList()) if (op != null && containsAverage(op)) return true;
        } else if (n instanceof SqlNodeList l) {
            for (SqlNode item : l) if (item != null && containsAverage(item)) return true;
        }
        return false;
    }

    private static void requireShownOnly(SqlNode parsed) throws SQLException {
        SqlNode top = parsed;
        SqlNodeList orderBy = null;
        if (top instanceof SqlOrderBy ob) {
            orderBy = ob.orderList;
            top = ob.query;
        }
        if (!(top instanceof SqlSelect select)) throw refused();
        if (select.getOrderList() != null && select.getOrderList().size() > 0) orderBy = select.getOrderList();
        if (select.getHaving() != null && containsAverage(select.getHaving())) throw refused();
        List<Integer> averageItems = new ArrayList<>();
        List<String> averageAliases = new ArrayList<>();
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            SqlNode expr = item instanceof SqlCall as && as.getKind() == SqlKind.AS ? as.operand(0) : item;
            if (expr instanceof SqlCall c && isAverage(c)) {
                if (containsAverage(c.operand(0))) throw refused();
                averageItems.add(i + 1);
                if (expr != item) averageAliases.add(((SqlCall) item).operand(1).toString().toLowerCase(Locale.ROOT));
                continue;
            }
            if (containsAverage(item)) throw refused();
        }
        for (SqlNode clause : new SqlNode[] {select.getFrom(), select.getWhere(), select.getGroup(), select.getQualify()}) {
            if (clause != null && containsAverage(clause)) throw refused();
        }
        if (orderBy != null) {
            for (SqlNode o : orderBy) {
                SqlNode key = o instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                        || c.getKind() == SqlKind.NULLS_LAST) ? c.operand(0) : o;
                if (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING)) key = c.operand(0);
                if (containsAverage(key)) throw refused();
                if (key instanceof SqlNumericLiteral n && averageItems.contains(n.getValueAs(BigDecimal.class).intValue())) throw refused();
                if (key instanceof SqlIdentifier id && id.isSimple()
                        && averageAliases.contains(id.getSimple().toLowerCase(Locale.ROOT))) throw refused();
            }
        }
    }

    private static SQLException refused() {
        return new SQLFeatureNotSupportedException("federation cannot evaluate AVG inside an expression, HAVING, ORDER BY "
                + "or a subquery exactly as MySQL/MariaDB does (MySQL computes with more digits than the AVG shows); "
                + "AVG as a column of the outermost SELECT is exact — or narrow the query to one shard with a condition "
                + "on the shard key", Refusals.SQL_STATE);
    }
}
