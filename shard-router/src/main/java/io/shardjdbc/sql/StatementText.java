package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the tokens of a statement tell before (or without) a parse: whether the text is one statement
 * the driver may send, and which writes it hides from routing. These checks hold whether or not
 * Calcite can read the statement, and whether or not a hint routes it.
 */
public final class StatementText {
    private StatementText() { }

    /**
     * Fails unless the text is one statement the driver may send as it is: no NUL character (the
     * databases refuse it and PostgreSQL drops the connection), no malformed shard hint (a mistyped
     * hint must not silently route by key instead), and no second statement after a {@code ;} (the
     * driver routes the first; PostgreSQL would run both on that shard).
     */
    public static void requireReadable(LexedSql lexed, StatementKind kind, Dialect dialect) throws SQLException {
        String sql = lexed.sql();
        int nul = sql.indexOf('\0');
        if (nul >= 0) {
            throw new SQLDataException("the statement text contains a NUL character (U+0000) at offset " + nul
                    + ", which no database accepts in SQL text; remove it, or bind such data as a parameter (bytes for "
                    + "binary data): " + StatementAnalyzer.abbreviate(sql.replace('\0', ' ')), "22021");
        }
        if (lexed.badHint() != null) {
            throw new SQLSyntaxErrorException(lexed.badHint() + ": a hint is /* shard: NAME */ or /* shard: NAME, NAME */ "
                    + "with shard names from the config; fix or remove it: " + StatementAnalyzer.abbreviate(sql), "42601");
        }
        int second = lexed.secondStatementAt();
        if (second >= 0 && !(dialect == Dialect.MYSQL && kind == StatementKind.DDL && hasWord(lexed, "BEGIN"))) {
            throw new SQLSyntaxErrorException("the text holds more than one statement (a second one follows the ';' at "
                    + "offset " + lexed.tokens().get(second).start() + "); shard-jdbc runs one statement per execution — "
                    + "send them one by one (or as a batch): " + StatementAnalyzer.abbreviate(sql), "42601");
        }
    }

    /** MySQL routines and triggers have bodies of several statements between BEGIN and END. */
    private static boolean hasWord(LexedSql lexed, String word) {
        for (Token t : lexed.tokens()) if (t.is(lexed.sql(), word)) return true;
        return false;
    }

    /**
     * The first of {@code columns} (lower case) that the statement assigns, from token {@code from} on:
     * a name (optionally qualified) followed by {@code =} after {@code SET}, after {@code UPDATE} (MySQL's
     * {@code ON DUPLICATE KEY UPDATE}) or after a comma, or a name in a {@code SET (a, b) = ...} list;
     * null if none. A row comparison {@code (a, key) = (...)} reads the same way and errs on the safe side.
     */
    public static String assignedColumn(LexedSql lexed, Set<String> columns, int from) {
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        for (int i = Math.max(from, 0); i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(sql, "SET") && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(sql, "(")) {
                for (int j = i + 2; j < tokens.size() && !tokens.get(j).isSymbol(sql, ")"); j++) {
                    String name = nameAt(lexed, j);
                    if (name != null && columns.contains(name)) return name;
                }
                continue;
            }
            if (!(i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(sql, "="))) continue;
            String name = nameAt(lexed, i);
            if (name == null || !columns.contains(name)) continue;
            int before = i - 1;
            while (before >= 1 && tokens.get(before).isSymbol(sql, ".")) before -= 2; // skip qualifiers
            if (before < 0) continue;
            Token b = tokens.get(before);
            if (b.is(sql, "SET") || b.is(sql, "UPDATE") || b.isSymbol(sql, ",")) return name;
        }
        return null;
    }

    /** {@link #assignedColumn(LexedSql, Set, int)} over the whole statement. */
    public static String assignedColumn(LexedSql lexed, Set<String> columns) {
        return assignedColumn(lexed, columns, 0);
    }

    /**
     * The first table accepted by {@code sharded} that the statement inserts into or merges into
     * ({@code INSERT [IGNORE] [INTO] t}, {@code REPLACE [INTO] t}, {@code MERGE INTO t}), anywhere in
     * the text (a CTE, an EXPLAIN ANALYZE); null if none.
     */
    public static String insertTarget(LexedSql lexed, Predicate<String> sharded) {
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!(t.is(sql, "INSERT") || t.is(sql, "REPLACE") || t.is(sql, "MERGE"))) continue;
            int j = i + 1;
            while (j < tokens.size() && MODIFIERS.contains(tokens.get(j).text(sql).toUpperCase(Locale.ROOT))
                    && tokens.get(j).kind() == Token.Kind.WORD) {
                j++;
            }
            String name = nameAt(lexed, j);
            while (name != null && j + 2 < tokens.size() && tokens.get(j + 1).isSymbol(sql, ".")) { // schema.table
                j += 2;
                name = nameAt(lexed, j);
            }
            if (name != null && sharded.test(name)) return name;
        }
        return null;
    }

    /** The token index where an upsert clause ({@code ON CONFLICT}, {@code ON DUPLICATE KEY}) starts, or the token count. */
    public static int upsertStart(LexedSql lexed) {
        List<Token> tokens = lexed.tokens();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).is(lexed.sql(), "ON")
                    && (tokens.get(i + 1).is(lexed.sql(), "CONFLICT") || tokens.get(i + 1).is(lexed.sql(), "DUPLICATE"))) {
                return i;
            }
        }
        return tokens.size();
    }

    private static final Set<String> MODIFIERS = Set.of("INTO", "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "ONLY");

    /** The name (lower case, unquoted) of an identifier token, or null if token {@code i} is none. */
    private static String nameAt(LexedSql lexed, int i) {
        Token t = lexed.token(i);
        if (t == null || (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED)) return null;
        return Keywords.unquote(t.text(lexed.sql()));
    }
}
