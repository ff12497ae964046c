package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.route.StatementKind;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The SQL front end: lexes a statement, masks what Calcite cannot read, parses it and reads its
 * {@link StatementShape}. Stateless and thread-safe; callers cache results per SQL text.
 */
public final class StatementAnalyzer {
    private final SqlLexer lexer;
    private final Masker masker;
    private final CalciteParser parser;

    public StatementAnalyzer(Dialect dialect) {
        this.lexer = new SqlLexer(dialect);
        this.masker = new Masker(dialect);
        this.parser = new CalciteParser(dialect);
    }

    /** Lexes a statement (cheap; enough for kind, hints, parameters). */
    public LexedSql lex(String sql) {
        return lexer.lex(sql);
    }

    /** Parses a query or DML statement into its shape; a statement Calcite cannot read throws SQLSyntaxErrorException. */
    public StatementShape shape(LexedSql lexed, StatementKind kind) throws SQLException {
        MaskedSql masked = masker.mask(lexed);
        SqlNode root;
        try {
            root = parser.parse(masked.text());
        } catch (SqlParseException e) {
            throw parseError(lexed.sql(), e);
        } catch (RuntimeException e) { // the parser's own invariants; treat as unreadable
            throw new SQLSyntaxErrorException("cannot parse statement: " + e + "\n  in: " + abbreviate(lexed.sql())
                    + "\n  add a /* shard: NAME */ hint to run it on one shard unchanged", "42000", e);
        }
        try {
            return new ShapeReader(lexed, masked).read(root, kind);
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new SQLSyntaxErrorException("cannot analyse statement (" + e.getMessage() + "): " + abbreviate(lexed.sql())
                    + "; add a /* shard: NAME */ hint to run it on one shard unchanged", "42000", e);
        }
    }

    private static SQLException parseError(String sql, SqlParseException e) {
        SqlParserPos pos = e.getPos();
        String where = pos == null ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return new SQLSyntaxErrorException("shard-jdbc cannot parse this statement" + where + ": " + first
                + "\n  statement: " + abbreviate(sql)
                + "\n  add a /* shard: NAME */ hint (or use ShardConnection.setShardHint) to run it on one shard unchanged",
                "42000", e);
    }

    /** A statement on one line, cut to a length that fits an error message. */
    public static String abbreviate(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
