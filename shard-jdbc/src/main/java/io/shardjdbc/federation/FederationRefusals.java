package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.Token;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * What federation refuses before planning, and how it words a failure of Calcite's validator: text
 * Calcite would misread, aggregates Calcite rewrites with its own arithmetic, and the validator's
 * messages turned into SQLStates that name the table or column and what to do.
 */
final class FederationRefusals {
    private FederationRefusals() { }

    /**
     * Syntax the project's analysis blanks out for Calcite and that Calcite would read wrongly or not
     * at all in a whole statement: PostgreSQL {@code ::} casts (Babel reads {@code a = ?::int} as a
     * cast of the comparison) and JSON operators.
     */
    static void unreadableSyntax(String sql, Dialect dialect) throws SQLException {
        LexedSql lexed = new StatementAnalyzer(dialect).lex(sql);
        for (Token t : lexed.tokens()) {
            if (t.kind() != Token.Kind.SYMBOL) continue;
            String s = t.text(sql);
            for (String bad : List.of("::", "->", "@>", "<@", "#>")) {
                if (s.contains(bad)) {
                    throw new SQLFeatureNotSupportedException("federation cannot read the operator " + bad + " in this query; "
                            + (bad.equals("::") ? "write CAST(x AS type) instead" : "use it in a query on one shard")
                            + " [statement: " + FederationEngine.abbreviate(sql) + "]", Refusals.SQL_STATE);
                }
            }
        }
    }

    /**
     * Aggregates Calcite rewrites while converting the query (window AVG, variances: into SUM /
     * COUNT with Calcite's own division and types, e.g. an integer AVG truncated) cannot be checked on
     * the plan afterwards, so they are refused on the query's text: the database's AVG has its own
     * decimal scale (PostgreSQL numeric, MySQL 4 digits more). Plain AVG aggregates were replaced by
     * {@link DialectAverage} before validation.
     */
    static void rewrittenAggregates(SqlNode validated, Dialect dialect) throws SQLException {
        SqlKind[] found = new SqlKind[1];
        validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlCall call) {
                SqlKind k = call.getOperator().getKind();
                if (found[0] == null && REWRITTEN.contains(k)) found[0] = k;
                return super.visit(call);
            }
        });
        if (found[0] != null) {
            throw new SQLFeatureNotSupportedException("federation cannot evaluate " + found[0] + " exactly as " + db(dialect)
                    + " does (the database computes it with its own decimal scale; SUM(x) and COUNT(x) are exact) — narrow "
                    + "the query to one shard with a condition on the shard key, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
        }
    }

    /** A refusal that says what cannot be evaluated, completed with which statement the application sent. */
    static SQLFeatureNotSupportedException naming(SQLFeatureNotSupportedException e, String sql) {
        return new SQLFeatureNotSupportedException(e.getMessage() + " [statement: " + FederationEngine.abbreviate(sql) + "]",
                e.getSQLState(), e);
    }

    private static final java.util.Set<SqlKind> REWRITTEN = java.util.EnumSet.of(SqlKind.AVG, SqlKind.STDDEV_POP,
            SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP, SqlKind.COVAR_POP, SqlKind.COVAR_SAMP,
            SqlKind.REGR_COUNT, SqlKind.REGR_SXX, SqlKind.REGR_SYY);

    static SQLException validation(Exception e, String sql, Dialect dialect) {
        String m = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        String state = "42000";
        if (m.contains("Object '") && m.contains("not found")) {
            state = dialect == Dialect.MYSQL ? "42S02" : "42P01";
            m = m + " (federation reads the tables listed in the shard config; a table that is not listed lives on the "
                    + "default shard only — list it as broadcast: true to join it across shards)";
        }
        else if (m.contains("Column '") && m.contains("not found")) state = dialect == Dialect.MYSQL ? "42S22" : "42703";
        else {
            // the router read the statement and the database would run it: what Calcite does not accept
            // (functions it lacks, grouping by functional dependency, ...) is a limit of federation
            return new SQLFeatureNotSupportedException("federation cannot evaluate this query as " + db(dialect)
                    + " would: " + m + " [statement: " + FederationEngine.abbreviate(sql) + "]", Refusals.SQL_STATE, e);
        }
        return new SQLSyntaxErrorException("federation cannot validate this query: " + m + " [statement: "
                + FederationEngine.abbreviate(sql) + "]", state, e);
    }

    private static String db(Dialect dialect) {
        return dialect == Dialect.MYSQL ? "MySQL/MariaDB" : "PostgreSQL";
    }

}
