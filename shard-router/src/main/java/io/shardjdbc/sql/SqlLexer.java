package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own small SQL lexer. It runs before Calcite on every new statement so that comments, string
 * literals in every dialect form (MySQL backslash escapes and double-quoted strings, PostgreSQL
 * {@code E'...'} and dollar quoting), quoted identifiers and {@code ?} markers are known exactly,
 * whatever Calcite later makes of the statement.
 */
public final class SqlLexer {
    private static final Pattern HINT = Pattern.compile("^\\s*shards?\\s*[:=]\\s*([\\w$.-]+(?:\\s*,\\s*[\\w$.-]+)*)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRIMARY = Pattern.compile("^\\s*primary\\s*$", Pattern.CASE_INSENSITIVE);
    /** A comment that means to be a shard hint; if it is not a well-formed one, the statement is refused. */
    private static final Pattern HINT_ATTEMPT = Pattern.compile("^\\s*shards?\\s*[:=]", Pattern.CASE_INSENSITIVE);

    private final Dialect dialect;

    public SqlLexer(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Reads a statement. Unterminated strings or comments run to the end of the text. */
    public LexedSql lex(String sql) {
        List<Token> tokens = new ArrayList<>();
        int[] params = new int[8];
        int paramCount = 0;
        List<String> hint = List.of();
        String badHint = null;
        boolean primary = false;
        boolean mysql = dialect == Dialect.MYSQL;
        boolean versionComment = false;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '#' && mysql) {
                i = lineEnd(sql, i);
            } else if (mysql && sql.startsWith("/*!", i)) {
                // MySQL executable comment: its content is SQL the server runs
                i += 3;
                while (i < n && Character.isDigit(sql.charAt(i))) i++;
                versionComment = true;
            } else if (versionComment && sql.startsWith("*/", i)) {
                versionComment = false;
                i += 2;
            } else if (mysql && c == '@') {
                int end = i + 1;
                if (end < n && sql.charAt(end) == '@') end++;
                while (end < n && (isWordPart(sql.charAt(end)) || sql.charAt(end) == '.')) end++;
                tokens.add(new Token(Token.Kind.VARIABLE, i, end));
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = blockCommentEnd(sql, i);
                String body = sql.substring(i + 2, Math.max(i + 2, end - 2));
                Matcher m = HINT.matcher(body);
                if (m.matches()) {
                    // a hint names a set of shards: one named twice must not run the statement there twice
                    Set<String> named = new LinkedHashSet<>();
                    for (String s : m.group(1).split(",")) named.add(s.trim());
                    List<String> names = new ArrayList<>(named);
                    if (!hint.isEmpty() && !hint.equals(names) && badHint == null) {
                        badHint = "two shard hints disagree: " + hint + " and " + names;
                    }
                    hint = List.copyOf(names);
                } else if (HINT_ATTEMPT.matcher(body).find()) {
                    if (badHint == null) badHint = "malformed shard hint /*" + body + "*/";
                } else if (PRIMARY.matcher(body).matches()) {
                    primary = true;
                }
                i = end;
            } else if (c == '\'') {
                int end = quotedEnd(sql, i, '\'', mysql);
                tokens.add(new Token(Token.Kind.STRING, i, end));
                i = end;
            } else if ((c == 'E' || c == 'e') && !mysql && i + 1 < n && sql.charAt(i + 1) == '\'' && !wordBefore(sql, i)) {
                int end = quotedEnd(sql, i + 1, '\'', true);
                tokens.add(new Token(Token.Kind.STRING, i, end));
                i = end;
            } else if (c == '"') {
                int end = quotedEnd(sql, i, '"', mysql);
                tokens.add(new Token(mysql ? Token.Kind.STRING : Token.Kind.QUOTED, i, end));
                i = end;
            } else if (c == '`' && mysql) {
                int end = quotedEnd(sql, i, '`', false);
                tokens.add(new Token(Token.Kind.QUOTED, i, end));
                i = end;
            } else if (c == '$' && !mysql && dollarTag(sql, i) > 0) {
                int tagLen = dollarTag(sql, i);
                String tag = sql.substring(i, i + tagLen);
                int close = sql.indexOf(tag, i + tagLen);
                int end = close < 0 ? n : close + tagLen;
                tokens.add(new Token(Token.Kind.STRING, i, end));
                i = end;
            } else if (c == '?') {
                if (!mysql && i + 1 < n && sql.charAt(i + 1) == '?') { // pgjdbc: ?? is a literal ? operator
                    tokens.add(new Token(Token.Kind.SYMBOL, i, i + 2));
                    i += 2;
                    continue;
                }
                if (paramCount == params.length) params = java.util.Arrays.copyOf(params, paramCount * 2);
                params[paramCount++] = i;
                tokens.add(new Token(Token.Kind.PARAM, i, i + 1));
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int end = numberEnd(sql, i);
                tokens.add(new Token(Token.Kind.NUMBER, i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_' || c > 127) {
                int end = i + 1;
                while (end < n && isWordPart(sql.charAt(end))) end++;
                tokens.add(new Token(Token.Kind.WORD, i, end));
                i = end;
            } else {
                int end = i + 1;
                if ("()[],;".indexOf(c) < 0) {
                    while (end < n && "<>=!|:&@#~^+-*/%".indexOf(sql.charAt(end)) >= 0
                            && !(sql.charAt(end) == '-' && end + 1 < n && sql.charAt(end + 1) == '-')
                            && !(sql.charAt(end) == '/' && end + 1 < n && sql.charAt(end + 1) == '*')) {
                        end++;
                    }
                }
                tokens.add(new Token(Token.Kind.SYMBOL, i, end));
                i = end;
            }
        }
        return new LexedSql(sql, List.copyOf(tokens), java.util.Arrays.copyOf(params, paramCount), hint, primary, badHint);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    private static boolean wordBefore(String sql, int i) {
        return i > 0 && isWordPart(sql.charAt(i - 1));
    }

    private static int lineEnd(String sql, int i) {
        int nl = sql.indexOf('\n', i);
        return nl < 0 ? sql.length() : nl + 1;
    }

    /** PostgreSQL block comments nest; MySQL's do not, which is harmless for well-formed SQL. */
    private static int blockCommentEnd(String sql, int i) {
        int depth = 0;
        int n = sql.length();
        int j = i;
        while (j < n) {
            if (sql.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) return j;
            } else {
                j++;
            }
        }
        return n;
    }

    /** End (exclusive) of a quoted run starting at {@code i}; doubled quotes escape, and backslashes too if asked. */
    private static int quotedEnd(String sql, int i, char q, boolean backslash) {
        int n = sql.length();
        int j = i + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (backslash && c == '\\') {
                j += 2;
            } else if (c == q) {
                if (j + 1 < n && sql.charAt(j + 1) == q) j += 2;
                else return j + 1;
            } else {
                j++;
            }
        }
        return n;
    }

    /** Length of a dollar-quote tag ($$ or $tag$) at {@code i}, or 0. */
    private static int dollarTag(String sql, int i) {
        if (i > 0 && isWordPart(sql.charAt(i - 1))) return 0;
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) return 0; // $1 is a positional parameter
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j - i + 1 : 0;
    }

    private static int numberEnd(String sql, int i) {
        int n = sql.length();
        int j = i;
        if (sql.startsWith("0x", j) || sql.startsWith("0X", j)) {
            j += 2;
            while (j < n && Character.digit(sql.charAt(j), 16) >= 0) j++;
            return j;
        }
        while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) j++;
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) k++;
            if (k < n && Character.isDigit(sql.charAt(k))) {
                j = k;
                while (j < n && Character.isDigit(sql.charAt(j))) j++;
            }
        }
        return j;
    }
}
