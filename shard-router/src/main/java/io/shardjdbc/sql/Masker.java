package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blanks out what Calcite cannot read (see the notes on Calcite as a front end): comments, a
 * trailing {@code ;}, PostgreSQL {@code ::type} casts and {@code interval '...'}, row locks,
 * RETURNING, upsert clauses, MySQL UPDATE/DELETE ORDER BY/LIMIT, and string literal forms Calcite
 * does not know (MySQL double quotes and backslash escapes, PostgreSQL E'' and dollar quoting).
 * The physical SQL sent to the shards is always the original text, never this one.
 */
public final class Masker {
    private final Dialect dialect;

    public Masker(Dialect dialect) {
        this.dialect = dialect;
    }

    public MaskedSql mask(LexedSql lexed) {
        String sql = lexed.sql();
        List<Token> tokens = lexed.tokens();
        char[] out = sql.toCharArray();
        Set<MaskedSql.Clause> clauses = EnumSet.noneOf(MaskedSql.Clause.class);
        Map<Integer, String> strings = new HashMap<>();
        blankOutsideTokens(out, tokens);

        int n = tokens.size();
        while (n > 0 && tokens.get(n - 1).isSymbol(sql, ";")) blank(out, tokens.get(--n));
        Token first = n > 0 ? tokens.get(0) : null;
        boolean dml = first != null && (first.is(sql, "UPDATE") || first.is(sql, "DELETE"));
        if (first != null && first.is(sql, "REPLACE")) {
            "INSERT ".getChars(0, 7, out, first.start());
            clauses.add(MaskedSql.Clause.UPSERT);
        }
        int depth = 0;
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")")) depth--;
            else if (t.kind() == Token.Kind.STRING) maskString(sql, t, out, strings);
            else if (t.kind() == Token.Kind.VARIABLE) {
                for (int k = t.start(); k < t.end(); k++) if (out[k] == '@') out[k] = '_';
            } else if (t.kind() == Token.Kind.SYMBOL && JSON_OPERATORS.contains(t.text(sql))) {
                // JSON operators read as || : an opaque expression of the same shape, never a key condition
                out[t.start()] = '|';
                out[t.start() + 1] = '|';
                for (int k = t.start() + 2; k < t.end(); k++) out[k] = ' ';
            } else if (t.kind() == Token.Kind.WORD && i + 1 < n && tokens.get(i + 1).kind() == Token.Kind.STRING
                    && dialect != Dialect.MYSQL && TYPED_LITERALS.contains(t.text(sql).toUpperCase(java.util.Locale.ROOT))) {
                blank(out, t); // timestamptz '...', uuid '...': the string alone reads the same for routing
            } else if (t.is(sql, "DISTINCT") && i + 1 < n && tokens.get(i + 1).is(sql, "ON")) {
                blank(out, tokens.get(++i)); // DISTINCT ON (...) keeps DISTINCT, which is what routing needs
                i = blankGroup(out, tokens, i + 1, n, sql);
            } else if (t.is(sql, "AS") && depth == 0 && first.is(sql, "INSERT") && i + 1 < n && i < insertBody(sql, tokens, n)) {
                blank(out, t); // INSERT INTO t AS alias
                blank(out, tokens.get(++i));
            } else if (t.is(sql, "AS") && i + 1 < n && (tokens.get(i + 1).is(sql, "SIGNED") || tokens.get(i + 1).is(sql, "UNSIGNED"))) {
                Token sign = tokens.get(++i);
                blank(out, sign);
                "BIGINT".getChars(0, 6, out, sign.start());
                if (i + 1 < n && tokens.get(i + 1).is(sql, "INTEGER")) blank(out, tokens.get(++i));
            } else if (t.is(sql, "REGEXP") || t.is(sql, "RLIKE")) {
                blank(out, t);
                "LIKE".getChars(0, 4, out, t.start());
            } else if ((t.is(sql, "FORCE") || t.is(sql, "USE") || t.is(sql, "IGNORE")) && i + 2 < n
                    && (tokens.get(i + 1).is(sql, "INDEX") || tokens.get(i + 1).is(sql, "KEY"))) {
                blank(out, t);
                blank(out, tokens.get(++i));
                int j = i + 1;
                if (j + 1 < n && tokens.get(j).is(sql, "FOR")) {
                    blank(out, tokens.get(j++));
                    while (j < n && (tokens.get(j).is(sql, "JOIN") || tokens.get(j).is(sql, "ORDER") || tokens.get(j).is(sql, "GROUP")
                            || tokens.get(j).is(sql, "BY"))) blank(out, tokens.get(j++));
                }
                i = blankGroup(out, tokens, j, n, sql);
            } else if (t.is(sql, "INTERVAL") && dialect == Dialect.MYSQL && i + 2 < n
                    && INTERVAL_UNITS.contains(tokens.get(i + 2).text(sql).toUpperCase(java.util.Locale.ROOT))) {
                blank(out, t); // MySQL INTERVAL ? HOUR: the amount alone keeps the expression's shape
                blank(out, tokens.get(i + 2));
                i += 2;
            } else if (t.is(sql, "ONLY") && i > 0 && dialect != Dialect.MYSQL && i + 1 < n
                    && (tokens.get(i - 1).is(sql, "FROM") || tokens.get(i - 1).is(sql, "JOIN") || tokens.get(i - 1).is(sql, "UPDATE"))
                    && (tokens.get(i + 1).kind() == Token.Kind.WORD || tokens.get(i + 1).kind() == Token.Kind.QUOTED)) {
                blank(out, t); // PostgreSQL FROM ONLY t (no inheritance children) reads as table t
            } else if (t.is(sql, "WITH") && i + 1 < n && tokens.get(i + 1).is(sql, "ROLLUP")) {
                blank(out, t);
                blank(out, tokens.get(++i));
            }
            else if (t.isSymbol(sql, "::")) i = maskCast(sql, tokens, i, n, out);
            else if (t.is(sql, "INTERVAL") && dialect != Dialect.MYSQL && i + 1 < n
                    && tokens.get(i + 1).kind() == Token.Kind.STRING) blank(out, t);
            else if (t.is(sql, "IGNORE") && i == 1 && first.is(sql, "INSERT")) {
                blank(out, t);
                clauses.add(MaskedSql.Clause.UPSERT);
            } else if (depth == 0 && t.is(sql, "FOR") && i + 1 < n && isLockWord(sql, tokens.get(i + 1))) {
                i = blankClause(out, tokens, i, n, sql);
                clauses.add(MaskedSql.Clause.ROW_LOCK);
            } else if (depth == 0 && t.is(sql, "LOCK") && i + 3 < n && tokens.get(i + 1).is(sql, "IN")) {
                i = blankClause(out, tokens, i, n, sql);
                clauses.add(MaskedSql.Clause.ROW_LOCK);
            } else if (depth == 0 && t.is(sql, "RETURNING")) {
                i = blankClause(out, tokens, i, n, sql);
                clauses.add(MaskedSql.Clause.RETURNING);
            } else if (depth == 0 && t.is(sql, "ON") && i + 1 < n
                    && (tokens.get(i + 1).is(sql, "CONFLICT") || tokens.get(i + 1).is(sql, "DUPLICATE"))) {
                int j = i;
                if (i >= 2 && tokens.get(i - 2).is(sql, "AS")) { // MySQL 8 row alias: VALUES (...) AS new ON DUPLICATE ...
                    blank(out, tokens.get(i - 2));
                    blank(out, tokens.get(i - 1));
                }
                while (j < n && !tokens.get(j).is(sql, "RETURNING")) blank(out, tokens.get(j++));
                i = j - 1;
                clauses.add(MaskedSql.Clause.UPSERT);
            } else if (depth == 0 && dml && (t.is(sql, "LIMIT") || (t.is(sql, "ORDER") && i + 1 < n
                    && tokens.get(i + 1).is(sql, "BY")))) {
                i = blankClause(out, tokens, i, n, sql);
                clauses.add(MaskedSql.Clause.DML_LIMIT);
            }
        }
        ListFolder.Result folded = ListFolder.fold(lexed, n, out, dialect); // blanks what it folds
        return new MaskedSql(new String(out), clauses, strings, folded.folded(), folded.cuts());
    }

    private static final Set<String> JSON_OPERATORS = Set.of("->", "->>", "#>", "#>>", "@>", "<@", "??", "#-", "@?", "@@");
    private static final Set<String> TYPED_LITERALS = Set.of("TIMESTAMPTZ", "TIMETZ", "UUID", "JSON", "JSONB", "INET",
            "CIDR", "NUMERIC", "INT", "INT2", "INT4", "INT8", "BIGINT", "INTEGER", "SMALLINT", "TEXT", "BOOL", "BOOLEAN", "BYTEA");
    private static final Set<String> INTERVAL_UNITS = Set.of("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK",
            "MONTH", "QUARTER", "YEAR", "SECOND_MICROSECOND", "MINUTE_SECOND", "HOUR_MINUTE", "DAY_HOUR", "YEAR_MONTH",
            "MINUTE_MICROSECOND", "HOUR_SECOND", "HOUR_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DAY_MICROSECOND");

    /** The index of the first token of an INSERT's column list or body, after the target table. */
    private static int insertBody(String sql, List<Token> tokens, int n) {
        for (int j = 0; j < n; j++) {
            Token t = tokens.get(j);
            if (t.isSymbol(sql, "(") || t.is(sql, "VALUES") || t.is(sql, "VALUE") || t.is(sql, "SELECT")
                    || t.is(sql, "DEFAULT") || t.is(sql, "SET")) return j;
        }
        return n;
    }

    /** Blanks a parenthesised group starting at token {@code i} (if there is one); returns the last index blanked. */
    private static int blankGroup(char[] out, List<Token> tokens, int i, int n, String sql) {
        if (i >= n || !tokens.get(i).isSymbol(sql, "(")) return i - 1;
        int depth = 0;
        int j = i;
        for (; j < n; j++) {
            Token t = tokens.get(j);
            blank(out, t);
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")") && --depth == 0) break;
        }
        return j;
    }

    private static boolean isLockWord(String sql, Token t) {
        return t.is(sql, "UPDATE") || t.is(sql, "SHARE") || t.is(sql, "NO") || t.is(sql, "KEY");
    }

    /** Blanks from token {@code i} to the end of the statement (or a closing parenthesis); returns the last index blanked. */
    private static int blankClause(char[] out, List<Token> tokens, int i, int n, String sql) {
        int depth = 0;
        int j = i;
        for (; j < n; j++) {
            Token t = tokens.get(j);
            if (t.isSymbol(sql, "(")) depth++;
            if (t.isSymbol(sql, ")") && --depth < 0) break;
            blank(out, t);
        }
        return j - 1;
    }

    /** {@code ::type}, with qualified names, modifiers, arrays and multi-word type names. */
    private static int maskCast(String sql, List<Token> tokens, int i, int n, char[] out) {
        blank(out, tokens.get(i));
        int j = i + 1;
        while (j < n) {
            Token t = tokens.get(j);
            if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED) {
                blank(out, t);
                j++;
                if (j < n && tokens.get(j).isSymbol(sql, ".")) {
                    blank(out, tokens.get(j++));
                    continue;
                }
                while (j < n && (tokens.get(j).is(sql, "VARYING") || tokens.get(j).is(sql, "PRECISION")
                        || tokens.get(j).is(sql, "WITH") || tokens.get(j).is(sql, "WITHOUT")
                        || tokens.get(j).is(sql, "TIME") || tokens.get(j).is(sql, "ZONE"))) {
                    blank(out, tokens.get(j++));
                }
                if (j < n && tokens.get(j).isSymbol(sql, "(")) {
                    while (j < n && !tokens.get(j).isSymbol(sql, ")")) blank(out, tokens.get(j++));
                    if (j < n) blank(out, tokens.get(j++));
                }
                while (j + 1 < n && tokens.get(j).isSymbol(sql, "[") && tokens.get(j + 1).isSymbol(sql, "]")) {
                    blank(out, tokens.get(j++));
                    blank(out, tokens.get(j++));
                }
            }
            break;
        }
        return j - 1;
    }

    /** Rewrites string literals Calcite cannot lex into plain '...' of the same length, keeping their value. */
    private void maskString(String sql, Token t, char[] out, Map<Integer, String> strings) {
        int s = t.start(), e = t.end();
        char open = sql.charAt(s);
        boolean plain = open == '\'' && (dialect != Dialect.MYSQL || sql.indexOf('\\', s) < 0 || sql.indexOf('\\', s) >= e);
        if (plain) return;
        strings.put(s, decode(sql, t));
        out[s] = '\'';
        for (int k = s + 1; k < e - 1; k++) out[k] = 'x';
        if (e - 1 > s) out[e - 1] = '\'';
    }

    /** The value of a string literal in any of the forms the lexer accepts. */
    static String decode(String sql, Token t) {
        int s = t.start(), e = t.end();
        char open = sql.charAt(s);
        if (open == '$') {
            int tag = sql.indexOf('$', s + 1) - s + 1;
            return sql.substring(s + tag, Math.max(s + tag, e - tag));
        }
        if (open == 'E' || open == 'e') s++;
        char q = sql.charAt(s);
        StringBuilder v = new StringBuilder();
        for (int k = s + 1; k < e - 1; k++) {
            char c = sql.charAt(k);
            if (c == '\\' && k + 1 < e - 1) {
                char x = sql.charAt(++k);
                v.append(switch (x) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'Z' -> (char) 26;
                    default -> x;
                });
            } else if (c == q && k + 1 < e - 1 && sql.charAt(k + 1) == q) {
                v.append(c);
                k++;
            } else {
                v.append(c);
            }
        }
        return v.toString();
    }

    private static void blank(char[] out, Token t) {
        for (int k = t.start(); k < t.end(); k++) if (out[k] != '\n' && out[k] != '\r') out[k] = ' ';
    }

    /** Comments become spaces; line breaks stay so Calcite's line/column positions still match. */
    private static void blankOutsideTokens(char[] out, List<Token> tokens) {
        int pos = 0;
        for (Token t : tokens) {
            blankRange(out, pos, t.start());
            pos = t.end();
        }
        blankRange(out, pos, out.length);
    }

    private static void blankRange(char[] out, int from, int to) {
        for (int k = from; k < to; k++) if (out[k] != '\n' && out[k] != '\r') out[k] = ' ';
    }
}
