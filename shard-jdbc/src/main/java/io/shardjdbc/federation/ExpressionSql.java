package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.rel2sql.SqlImplementor;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlString;

/**
 * Writes any expression over one table's columns (function calls, CASE, casts, arithmetic,
 * EXTRACT, SUBSTRING, dialect functions, division) as SQL in the shard's dialect, so the shard
 * computes it by its own rules and the driver receives the result as a column. Calcite's unparser
 * for the dialect does the writing; the query's parameters stay {@code ?} markers, bound per
 * execution. Expressions that need more than one row (window functions, subqueries, correlation)
 * or Calcite's internal operators cannot be written.
 */
final class ExpressionSql {
    /** Result types a computed column may have: the ones {@link Internal} converts exactly. */
    private static final Set<SqlTypeName> RESULT_TYPES = Set.of(SqlTypeName.BOOLEAN, SqlTypeName.TINYINT,
            SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL,
            SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.DATE,
            SqlTypeName.TIME, SqlTypeName.TIMESTAMP, SqlTypeName.BINARY, SqlTypeName.VARBINARY);

    /**
     * An expression as shard SQL.
     *
     * @param sql        the SQL text, with {@code ?} for the query's parameters
     * @param parameters the 0-based indexes of the query's parameters, in the order of the markers
     */
    record Written(String sql, List<Integer> parameters) { }

    private final SqlDialect dialect;
    private final List<Column> columns;

    ExpressionSql(Dialect dialect, List<Column> columns) {
        this.dialect = sqlDialect(dialect);
        this.columns = columns;
    }

    static SqlDialect sqlDialect(Dialect dialect) {
        return switch (dialect) {
            case MYSQL -> MysqlSqlDialect.DEFAULT;
            case POSTGRESQL -> PostgresqlSqlDialect.DEFAULT;
            case H2 -> H2SqlDialect.DEFAULT;
        };
    }

    /** True when the shard can compute the expression as a column of the scan. */
    static boolean computable(RexNode e) {
        return RESULT_TYPES.contains(e.getType().getSqlTypeName()) && writable(e);
    }

    /** True when only column references, literals, parameters and calls the dialect can print are in it. */
    static boolean writable(RexNode e) {
        if (e instanceof RexInputRef || e instanceof RexDynamicParam) return true;
        if (e instanceof RexLiteral) return true;
        if (!(e instanceof RexCall call) || e.getKind() == SqlKind.OVER) return false;
        String name = call.getOperator().getName();
        if (name.startsWith("$") || call.getOperator() instanceof org.apache.calcite.sql.validate.SqlUserDefinedFunction) return false;
        for (RexNode op : call.getOperands()) if (!writable(op)) return false;
        return true;
    }

    /** The expression as shard SQL, or null when it cannot be written. */
    Written write(RexNode e) {
        if (!writable(e)) return null;
        try {
            SqlImplementor.SimpleContext ctx = new SqlImplementor.SimpleContext(dialect,
                    i -> new SqlIdentifier(columns.get(i).name(), SqlParserPos.ZERO));
            SqlNode node = ctx.toSql(null, CollationWeights.ofColumns(e));
            SqlString s = node.toSqlString(c -> c.withDialect(dialect).withQuoteAllIdentifiers(true)
                    .withAlwaysUseParentheses(false).withClauseStartsLine(false).withIndentation(0));
            List<Integer> params = s.getDynamicParameters() == null ? List.of() : List.copyOf(s.getDynamicParameters());
            return new Written("(" + s.getSql() + ")", params);
        } catch (RuntimeException | AssertionError unwritable) {
            return null; // an operator the dialect's unparser does not know: the driver keeps the expression
        }
    }
}
