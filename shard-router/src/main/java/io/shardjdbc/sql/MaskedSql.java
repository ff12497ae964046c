package io.shardjdbc.sql;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement prepared for Calcite: clauses Calcite cannot read are blanked out with spaces of the
 * same length, so every parser position still points at the same characters of the original text.
 *
 * @param text         the masked text, same length and line breaks as the original
 * @param clauses      which clauses were blanked
 * @param stringValues decoded values of string literals that had to be rewritten (by start offset)
 * @param folded       long lists of plain values kept out of the parsed text, by the start offset of
 *                     their first element (see {@link ListFolder})
 * @param cuts         the ranges {@code [from, to)} of {@code text} that the folded lists occupied (two
 *                     ints each, ascending): {@link #parsedText} leaves them out
 */
public record MaskedSql(String text, Set<Clause> clauses, Map<Integer, String> stringValues, Map<Integer, Folded> folded,
                        int[] cuts) {
    /**
     * The text Calcite parses: {@link #text} without the folded lists' ranges (a megabyte of blanks
     * still costs the parser seconds). {@link #originalOffset} maps its offsets back.
     */
    public String parsedText() {
        if (cuts.length == 0) return text;
        StringBuilder sb = new StringBuilder(text.length());
        int at = 0;
        for (int k = 0; k < cuts.length; k += 2) {
            sb.append(text, at, cuts[k]);
            at = cuts[k + 1];
        }
        return sb.append(text, at, text.length()).toString();
    }

    /** The offset in the original text of an offset in {@link #parsedText}. */
    public int originalOffset(int parsed) {
        int shift = 0;
        for (int k = 0; k < cuts.length; k += 2) {
            if (cuts[k] - shift > parsed) break;
            shift += cuts[k + 1] - cuts[k];
        }
        return parsed + shift;
    }

    /**
     * A list whose first element stayed in the parsed text and whose others were blanked out.
     *
     * @param items each element's values: one per IN value or OR term, a row's values for INSERT rows
     * @param spans {@code [start, end)} of each element in the original text (two ints per element)
     */
    public record Folded(List<List<Operand>> items, int[] spans) {
        /** The elements' single values (IN values, OR terms). */
        public List<Operand> values() {
            List<Operand> out = new java.util.ArrayList<>(items.size());
            for (List<Operand> item : items) out.add(item.get(0));
            return out;
        }
    }

    /** Clauses that were blanked out of the text Calcite sees. */
    public enum Clause {
        /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE. */
        ROW_LOCK,
        RETURNING,
        /** ON CONFLICT, ON DUPLICATE KEY UPDATE, INSERT IGNORE, REPLACE. */
        UPSERT,
        /** MySQL UPDATE/DELETE ... ORDER BY / LIMIT. */
        DML_LIMIT
    }
}
