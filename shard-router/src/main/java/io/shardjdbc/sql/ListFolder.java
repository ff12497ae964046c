package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Folds long lists of plain values out of the text Calcite parses: an {@code IN (...)} list, the
 * rows of a multi-row {@code INSERT ... VALUES} and a chain {@code col = v OR col = v OR ...}.
 * Calcite's parse time grows steeply with such lists (seconds for a few thousand terms, minutes and
 * then a StackOverflowError for tens of thousands), although each value is one token whose meaning
 * our own lexer already knows. The first element stays in the text, the others are blanked out, and
 * {@link ShapeReader} reads them back from the {@link MaskedSql.Folded} record kept at the first
 * element's offset. Lists with any element that is not a plain value stay as they are.
 */
final class ListFolder {
    /** Shorter lists parse quickly enough and keep Calcite's own reading. */
    static final int MIN_ELEMENTS = 32;

    private static final Set<String> CHAIN_END = Set.of("GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "EXCEPT",
            "INTERSECT", "FOR", "OFFSET", "FETCH", "RETURNING", "WINDOW", "LOCK");

    private final LexedSql lexed;
    private final String sql;
    private final List<Token> tokens;
    private final int n;
    private final char[] out;
    private final boolean mysql;
    private final Map<Integer, MaskedSql.Folded> folded = new HashMap<>();
    private final List<int[]> cuts = new ArrayList<>();

    /**
     * @param folded the folded lists by their first element's offset
     * @param cuts   the blanked ranges {@code [from, to)} in ascending order, two ints each
     */
    record Result(Map<Integer, MaskedSql.Folded> folded, int[] cuts) { }

    private ListFolder(LexedSql lexed, int n, char[] out, Dialect dialect) {
        this.lexed = lexed;
        this.sql = lexed.sql();
        this.tokens = lexed.tokens();
        this.n = n;
        this.out = out;
        this.mysql = dialect == Dialect.MYSQL;
    }

    /** Folds the long lists among the first {@code n} tokens, blanking them in {@code out}. */
    static Result fold(LexedSql lexed, int n, char[] out, Dialect dialect) {
        ListFolder f = new ListFolder(lexed, n, out, dialect);
        f.run();
        if (f.folded.isEmpty()) return new Result(Map.of(), new int[0]);
        int[] cuts = new int[f.cuts.size() * 2];
        for (int k = 0; k < f.cuts.size(); k++) {
            cuts[2 * k] = f.cuts.get(k)[0];
            cuts[2 * k + 1] = f.cuts.get(k)[1];
        }
        return new Result(Map.copyOf(f.folded), cuts);
    }

    private void run() {
        boolean insert = n > 0 && (tokens.get(0).is(sql, "INSERT") || tokens.get(0).is(sql, "REPLACE"));
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            if (t.is(sql, "IN") && i + 1 < n && tokens.get(i + 1).isSymbol(sql, "(")) {
                i = foldValueList(i + 2);
            } else if (insert && (t.is(sql, "VALUES") || t.is(sql, "VALUE")) && i + 1 < n && tokens.get(i + 1).isSymbol(sql, "(")) {
                i = foldRows(i + 1);
            } else if (t.is(sql, "WHERE") || t.isSymbol(sql, "(")) {
                i = foldOrChain(i + 1);
            }
        }
    }

    /** {@code v, v, ...)} from token {@code i}: returns the index to continue after. */
    private int foldValueList(int i) {
        List<List<Operand>> items = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int j = i;
        while (j < n) {
            int end = valueEnd(j);
            if (end < 0) return i - 1;
            items.add(List.of(operand(j, end)));
            spans.add(new int[] {tokens.get(j).start(), tokens.get(end - 1).end()});
            j = end;
            if (j < n && tokens.get(j).isSymbol(sql, ",")) j++;
            else break;
        }
        if (j >= n || !tokens.get(j).isSymbol(sql, ")") || items.size() < MIN_ELEMENTS) return i - 1;
        keep(spans, items, spans.get(0)[1], tokens.get(j).start());
        return j;
    }

    /** {@code (v, ...), (v, ...)} from token {@code i} (the first row's parenthesis). */
    private int foldRows(int i) {
        List<List<Operand>> rows = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int j = i;
        int width = -1;
        while (j < n && tokens.get(j).isSymbol(sql, "(")) {
            int start = tokens.get(j).start();
            List<Operand> row = new ArrayList<>();
            j++;
            while (true) {
                int end = valueEnd(j);
                if (end < 0) return i;
                row.add(operand(j, end));
                j = end;
                if (j < n && tokens.get(j).isSymbol(sql, ",")) j++;
                else break;
            }
            if (j >= n || !tokens.get(j).isSymbol(sql, ")") || (width >= 0 && row.size() != width)) return i;
            width = row.size();
            rows.add(List.copyOf(row));
            spans.add(new int[] {start, tokens.get(j).end()});
            j++;
            if (j < n && tokens.get(j).isSymbol(sql, ",")) j++;
            else break;
        }
        if (rows.size() < MIN_ELEMENTS) return i;
        int[] last = spans.get(spans.size() - 1);
        keep(spans, rows, spans.get(0)[1], last[1]);
        return j - 1;
    }

    /**
     * {@code col = v OR col = v ...} from token {@code i}, the same column throughout, standing alone
     * between {@code WHERE} or {@code (} and {@code )}, a clause keyword or the end (so no AND or NOT
     * binds to a part of it).
     */
    private int foldOrChain(int i) {
        int colEnd = columnEnd(i);
        if (colEnd < 0) return i - 1;
        String column = columnText(i, colEnd);
        List<List<Operand>> items = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int j = i;
        while (true) {
            int c = columnEnd(j);
            if (c < 0 || !columnText(j, c).equals(column) || c >= n || !tokens.get(c).isSymbol(sql, "=")) return i - 1;
            int end = valueEnd(c + 1);
            if (end < 0) return i - 1;
            items.add(List.of(operand(c + 1, end)));
            spans.add(new int[] {tokens.get(c + 1).start(), tokens.get(end - 1).end()});
            j = end;
            if (j < n && tokens.get(j).is(sql, "OR")) j++;
            else break;
        }
        boolean ends = j >= n || tokens.get(j).isSymbol(sql, ")") || tokens.get(j).isSymbol(sql, ";")
                || (tokens.get(j).kind() == Token.Kind.WORD && CHAIN_END.contains(tokens.get(j).text(sql).toUpperCase(Locale.ROOT)));
        if (!ends || items.size() < MIN_ELEMENTS) return i - 1;
        keep(spans, items, spans.get(0)[1], tokens.get(j - 1).end());
        return j - 1;
    }

    /** Records the list at its first element and blanks {@code [from, to)} (everything after that element). */
    private void keep(List<int[]> spans, List<List<Operand>> items, int from, int to) {
        int[] flat = new int[spans.size() * 2];
        for (int k = 0; k < spans.size(); k++) {
            flat[2 * k] = spans.get(k)[0];
            flat[2 * k + 1] = spans.get(k)[1];
        }
        folded.put(spans.get(0)[0], new MaskedSql.Folded(List.copyOf(items), flat));
        for (int k = from; k < to; k++) if (out[k] != '\n' && out[k] != '\r') out[k] = ' ';
        cuts.add(new int[] {from, to});
    }

    /** A column name {@code a} or {@code t.a} from token {@code i}: the index after it, or -1. */
    private int columnEnd(int i) {
        if (i >= n || !isName(tokens.get(i))) return -1;
        int j = i + 1;
        while (j + 1 < n && tokens.get(j).isSymbol(sql, ".") && isName(tokens.get(j + 1))) j += 2;
        return j;
    }

    private String columnText(int i, int end) {
        return sql.substring(tokens.get(i).start(), tokens.get(end - 1).end()).toLowerCase(Locale.ROOT);
    }

    private static boolean isName(Token t) {
        return t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED;
    }

    /**
     * A plain value from token {@code i}: a number (optionally negative), a {@code ?}, a simple quoted
     * string, NULL, TRUE or FALSE. Returns the index after it, or -1.
     */
    private int valueEnd(int i) {
        if (i >= n) return -1;
        Token t = tokens.get(i);
        switch (t.kind()) {
            case PARAM:
                return i + 1;
            case NUMBER:
                return isDecimal(t.text(sql)) ? i + 1 : -1;
            case STRING:
                return plainString(t) ? i + 1 : -1;
            case SYMBOL:
                return t.isSymbol(sql, "-") && i + 1 < n && tokens.get(i + 1).kind() == Token.Kind.NUMBER
                        && isDecimal(tokens.get(i + 1).text(sql)) ? i + 2 : -1;
            case WORD:
                return t.is(sql, "NULL") || t.is(sql, "TRUE") || t.is(sql, "FALSE") ? (isValueWordAlone(i) ? i + 1 : -1) : -1;
            default:
                return -1;
        }
    }

    /** NULL, TRUE and FALSE are values unless an operator follows (NULL IS ..., TRUE = ...). */
    private boolean isValueWordAlone(int i) {
        return i + 1 >= n || tokens.get(i + 1).isSymbol(sql, ",") || tokens.get(i + 1).isSymbol(sql, ")")
                || tokens.get(i + 1).is(sql, "OR");
    }

    private static boolean isDecimal(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) return false;
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code 'text'} with no backslash (MySQL escapes) and no prefix: its value is its content with '' as '. */
    private boolean plainString(Token t) {
        String s = t.text(sql);
        return s.length() >= 2 && s.charAt(0) == '\'' && s.charAt(s.length() - 1) == '\'' && (!mysql || s.indexOf('\\') < 0);
    }

    private Operand operand(int i, int end) {
        Token t = tokens.get(i);
        return switch (t.kind()) {
            case PARAM -> new Operand.Param(lexed.paramIndexAt(t.start()));
            case NUMBER -> new Operand.Literal(new BigDecimal(t.text(sql)));
            case STRING -> {
                String s = t.text(sql);
                yield new Operand.Literal(s.substring(1, s.length() - 1).replace("''", "'"));
            }
            case SYMBOL -> new Operand.Literal(new BigDecimal(tokens.get(end - 1).text(sql)).negate());
            default -> new Operand.Literal(t.is(sql, "NULL") ? null : Boolean.valueOf(t.is(sql, "TRUE")));
        };
    }
}
