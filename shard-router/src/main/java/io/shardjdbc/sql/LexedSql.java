package io.shardjdbc.sql;

import java.util.List;

/**
 * A SQL text read by {@link SqlLexer}: its tokens, the offsets of its parameter markers and the
 * shard named by a {@code /* shard: NAME *}{@code /} hint comment, if any.
 *
 * @param sql          the original text
 * @param tokens       tokens in order (comments and whitespace skipped)
 * @param paramOffsets offset of each {@code ?} marker, in order; parameter {@code i} (1-based) is at
 *                     {@code paramOffsets[i - 1]}
 * @param shardHint    the hinted shard names, or an empty list
 * @param primaryHint  true when a {@code /* primary *}{@code /} comment asks for the primary
 * @param badHint      why a comment meant as a shard hint cannot be read (empty or malformed names,
 *                     two hints that disagree), or null
 */
public record LexedSql(String sql, List<Token> tokens, int[] paramOffsets, List<String> shardHint, boolean primaryHint,
                       String badHint) {
    /** The (1-based) index of the parameter marker at an offset, or -1. */
    public int paramIndexAt(int offset) {
        int lo = 0, hi = paramOffsets.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (paramOffsets[mid] < offset) lo = mid + 1;
            else if (paramOffsets[mid] > offset) hi = mid - 1;
            else return mid + 1;
        }
        return -1;
    }

    /** The first token, or null for an empty statement. */
    public Token first() {
        return tokens.isEmpty() ? null : tokens.get(0);
    }

    /** Token {@code i}, or null past the end. */
    public Token token(int i) {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    /** True if token {@code i} exists and is the keyword. */
    public boolean is(int i, String keyword) {
        Token t = token(i);
        return t != null && t.is(sql, keyword);
    }

    /** True when the keyword is a token outside parentheses: a clause of the statement itself, not of a subquery. */
    public boolean hasTopLevel(String keyword) {
        int depth = 0;
        for (Token t : tokens) {
            if (t.isSymbol(sql, "(")) depth++;
            else if (t.isSymbol(sql, ")")) depth--;
            else if (depth == 0 && t.is(sql, keyword)) return true;
        }
        return false;
    }

    /**
     * The index of the first {@code ;} that other tokens follow (a second statement in the text), or -1.
     * A trailing {@code ;} is no second statement.
     */
    public int secondStatementAt() {
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).isSymbol(sql, ";")) continue;
            for (int j = i + 1; j < tokens.size(); j++) if (!tokens.get(j).isSymbol(sql, ";")) return i;
            return -1;
        }
        return -1;
    }
}
