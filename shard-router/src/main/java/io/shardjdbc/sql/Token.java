package io.shardjdbc.sql;

/**
 * One token of a SQL text: its kind and its span {@code [start, end)} in the original text.
 * Comments and whitespace are not tokens.
 */
public record Token(Kind kind, int start, int end) {
    /** Token kinds. */
    public enum Kind {
        /** Unquoted identifier or keyword. */
        WORD,
        /** Quoted identifier: "x" (PostgreSQL, H2) or `x` (MySQL). */
        QUOTED,
        /** String literal in any of the dialect's forms. */
        STRING,
        NUMBER,
        /** A MySQL user or system variable: {@code @x}, {@code @@session.x}. */
        VARIABLE,
        /** A {@code ?} parameter marker. */
        PARAM,
        /** Operators and punctuation: one or more symbol characters. */
        SYMBOL
    }

    /** The token's text in {@code sql}. */
    public String text(String sql) {
        return sql.substring(start, end);
    }

    /** True if this is the given keyword (case-insensitive). */
    public boolean is(String sql, String keyword) {
        return kind == Kind.WORD && end - start == keyword.length() && sql.regionMatches(true, start, keyword, 0, keyword.length());
    }

    /** True if this is exactly the given symbol. */
    public boolean isSymbol(String sql, String symbol) {
        return kind == Kind.SYMBOL && end - start == symbol.length() && sql.startsWith(symbol, start);
    }
}
