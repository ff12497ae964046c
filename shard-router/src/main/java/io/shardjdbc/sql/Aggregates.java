package io.shardjdbc.sql;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Recognises aggregate calls in a parse tree. The parser leaves most functions unresolved (their
 * operator does not know it aggregates), so aggregates are also known by name, for both dialects.
 */
public final class Aggregates {
    private static final Set<String> NAMES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "STDDEV_POP",
            "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "STRING_AGG", "GROUP_CONCAT", "ARRAY_AGG", "JSON_AGG",
            "JSONB_AGG", "JSON_OBJECT_AGG", "JSONB_OBJECT_AGG", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "BOOL_AND", "BOOL_OR",
            "EVERY", "BIT_AND", "BIT_OR", "BIT_XOR", "LISTAGG", "ANY_VALUE", "MODE", "PERCENTILE_CONT", "PERCENTILE_DISC",
            "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_COUNT", "REGR_R2", "REGR_AVGX",
            "REGR_AVGY", "REGR_SXX", "REGR_SYY", "REGR_SXY", "XMLAGG", "STD", "COLLECT");

    private Aggregates() { }

    /** True if this call itself aggregates rows (not as a window function). */
    public static boolean isAggregate(SqlCall call) {
        if (call.getOperator().isAggregator()) return true;
        return call.getOperator() instanceof SqlFunction f && NAMES.contains(f.getName().toUpperCase(Locale.ROOT));
    }

    /** True if an aggregate appears in the expression outside window functions and subqueries. */
    public static boolean contains(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) if (contains(n)) return true;
            return false;
        }
        if (!(node instanceof SqlCall call)) return false;
        if (call.getKind() == SqlKind.OVER || call.getKind() == SqlKind.SELECT || call.getKind() == SqlKind.ORDER_BY) return false;
        if (isAggregate(call)) return true;
        for (SqlNode op : call.getOperandList()) if (op != null && contains(op)) return true;
        return false;
    }
}
