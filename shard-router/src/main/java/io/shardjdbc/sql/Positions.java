package io.shardjdbc.sql;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Converts Calcite's 1-based line/column positions (end inclusive) in the parsed text into offsets of
 * the original text (the parsed text may leave folded lists out).
 */
final class Positions {
    private final int[] lineStarts;
    private final MaskedSql masked;

    Positions(MaskedSql masked) {
        this.masked = masked;
        String text = masked.parsedText();
        int lines = 1;
        for (int i = 0; i < text.length(); i++) if (isBreak(text, i)) lines++;
        lineStarts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (isBreak(text, i)) lineStarts[line++] = i + 1;
        }
    }

    /** A break is \n, or a \r not followed by \n (CRLF counts once). */
    private static boolean isBreak(String text, int i) {
        char c = text.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
    }

    int start(SqlParserPos pos) {
        return masked.originalOffset(lineStarts[pos.getLineNum() - 1] + pos.getColumnNum() - 1);
    }

    /** Exclusive end offset. */
    int end(SqlParserPos pos) {
        return masked.originalOffset(lineStarts[pos.getEndLineNum() - 1] + pos.getEndColumnNum() - 1) + 1;
    }
}
