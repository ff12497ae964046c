package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
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
    /** Deepest nesting of parentheses the analysis reads (parse and analysis recurse per level). */
    public static final int MAX_DEPTH = 128;
    /** Most tokens handed to Calcite after long value lists are folded out (its parse time grows steeply). */
    public static final int MAX_PARSED_TOKENS = 20_000;

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
        requireDepth(lexed);
        MaskedSql masked = masker.mask(lexed);
        requireSize(lexed, masked);
        SqlNode root;
        try {
            root = parser.parse(masked.parsedText());
        } catch (SqlParseException e) {
            if (stackOverflow(e)) throw tooComplex(lexed.sql(), "it nests too deeply for the parser", e);
            throw parseError(lexed.sql(), e);
        } catch (StackOverflowError e) {
            throw tooComplex(lexed.sql(), "it nests too deeply for the parser", null);
        } catch (RuntimeException e) { // the parser's own invariants; treat as unreadable
            throw new SQLSyntaxErrorException("cannot parse statement: " + e + "\n  in: " + abbreviate(lexed.sql())
                    + "\n  add a /* shard: NAME */ hint to run it on one shard unchanged", "42000", e);
        }
        try {
            return new ShapeReader(lexed, masked).read(root, kind);
        } catch (StackOverflowError e) {
            throw tooComplex(lexed.sql(), "its expressions nest too deeply to analyse", null);
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new SQLSyntaxErrorException("cannot analyse statement (" + e.getMessage() + "): " + abbreviate(lexed.sql())
                    + "; add a /* shard: NAME */ hint to run it on one shard unchanged", "42000", e);
        }
    }

    private static void requireDepth(LexedSql lexed) throws SQLException {
        int depth = 0;
        for (Token t : lexed.tokens()) {
            if (t.isSymbol(lexed.sql(), "(") && ++depth > MAX_DEPTH) {
                throw tooComplex(lexed.sql(), "its parentheses nest more than " + MAX_DEPTH + " levels deep (at offset "
                        + t.start() + ")", null);
            } else if (t.isSymbol(lexed.sql(), ")")) {
                depth--;
            }
        }
    }

    /** Counts the tokens Calcite would read: those not blanked out of the masked text. */
    private static void requireSize(LexedSql lexed, MaskedSql masked) throws SQLException {
        if (lexed.tokens().size() <= MAX_PARSED_TOKENS) return;
        int parsed = 0;
        String text = masked.text();
        for (Token t : lexed.tokens()) if (!Character.isWhitespace(text.charAt(t.start()))) parsed++;
        if (parsed > MAX_PARSED_TOKENS) {
            throw tooComplex(lexed.sql(), "it has " + parsed + " tokens to parse besides its long value lists (at most "
                    + MAX_PARSED_TOKENS + "; IN lists, multi-row VALUES and chains of key = value OR ... of plain values "
                    + "do not count)", null);
        }
    }

    private static boolean stackOverflow(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) if (c instanceof StackOverflowError) return true;
        return false;
    }

    /**
     * The refusal of a statement too large or too deeply nested to analyse (SQLState 54001, statement
     * too complex), saying why it stopped.
     */
    public static SQLException tooComplex(String sql, String why, Throwable cause) {
        return new SQLException("shard-jdbc did not analyse this statement: " + why + ". Split it into smaller "
                + "statements (e.g. batches of IN values), flatten its nesting, or run it on one shard unchanged with a "
                + "/* shard: NAME */ hint\n  statement: " + abbreviate(sql), "54001", cause);
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
