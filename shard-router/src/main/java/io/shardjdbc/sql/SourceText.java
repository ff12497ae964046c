package io.shardjdbc.sql;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** The original text of a parsed statement, addressed by parse-tree node. */
public final class SourceText {
    private final LexedSql lexed;
    private final Positions positions;

    SourceText(LexedSql lexed, Positions positions) {
        this.lexed = lexed;
        this.positions = positions;
    }

    /** The original text of a node. */
    public String text(SqlNode node) {
        int[] s = span(node);
        return lexed.sql().substring(s[0], s[1]);
    }

    /** The offset of a node's first character. */
    public int start(SqlNode node) {
        return span(node)[0];
    }

    /**
     * Text span of an expression: the union of Calcite's positions for it and its operands (a call's
     * own position may not cover them), widened until its parentheses balance.
     */
    public int[] span(SqlNode node) {
        int[] raw = rawSpan(node);
        if (raw == null) throw new IllegalArgumentException("no position for " + node);
        return balanced(raw[0], raw[1]);
    }

    /** Union of the positions of a node and its operands; null if none has a position (implicit nodes). */
    private int[] rawSpan(SqlNode node) {
        int start = Integer.MAX_VALUE, end = -1;
        if (node.getParserPosition().getLineNum() > 0) {
            start = positions.start(node.getParserPosition());
            end = positions.end(node.getParserPosition());
        }
        if (node instanceof SqlCall call) {
            for (SqlNode op : call.getOperandList()) {
                if (op == null) continue;
                int[] sub = rawSpan(op);
                if (sub == null) continue;
                start = Math.min(start, sub[0]);
                end = Math.max(end, sub[1]);
            }
        } else if (node instanceof SqlNodeList list) {
            for (SqlNode op : list) {
                int[] sub = op == null ? null : rawSpan(op);
                if (sub == null) continue;
                start = Math.min(start, sub[0]);
                end = Math.max(end, sub[1]);
            }
        }
        return end < 0 ? null : new int[] {start, end};
    }

    private int[] balanced(int start, int end) {
        String sql = lexed.sql();
        List<Token> tokens = lexed.tokens();
        int open = 0, close = 0;
        int first = -1, last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.start() < start || t.end() > end) continue;
            if (first < 0) first = i;
            last = i;
            if (t.isSymbol(sql, "(")) open++;
            else if (t.isSymbol(sql, ")")) close++;
        }
        if (first < 0) return new int[] {start, end};
        while (open > close && last + 1 < tokens.size()) {
            Token t = tokens.get(++last);
            if (t.isSymbol(sql, ")")) close++;
            else if (t.isSymbol(sql, "(")) open++;
        }
        while (close > open && first > 0) {
            Token t = tokens.get(--first);
            if (t.isSymbol(sql, "(")) open++;
            else if (t.isSymbol(sql, ")")) close++;
        }
        return new int[] {tokens.get(first).start(), tokens.get(last).end()};
    }

}
