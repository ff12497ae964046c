package io.shardjdbc.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Edits of a statement's original text for one shard: spans replaced by new text made of literal
 * pieces and copies of other original spans (IN-list values kept, VALUES rows kept, hidden columns
 * appended, LIMIT rewritten, HAVING removed). Everything outside the edits is kept byte for byte, so
 * the shard receives its own dialect, comments and hints back; the physical statement's parameter
 * markers are mapped back to the logical parameters they came from.
 */
final class SqlEdits {
    /** A piece of replacement text: a literal, or a copy of the original span {@code [start, end)}. */
    record Piece(String text, int start, int end) {
        static Piece text(String s) { return new Piece(s, -1, -1); }

        static Piece copy(int start, int end) { return new Piece(null, start, end); }
    }

    /** Replace {@code [start, end)} (empty for an insertion) of the original text with the pieces. */
    record Edit(int start, int end, List<Piece> pieces) { }

    private SqlEdits() { }

    /** An edit keeping only some comma-separated parts of a list (IN values, VALUES rows). */
    static Edit keepParts(int[] spans, int[] keep) {
        List<Piece> pieces = new ArrayList<>();
        for (int k = 0; k < keep.length; k++) {
            if (k > 0) pieces.add(Piece.text(", "));
            pieces.add(Piece.copy(spans[2 * keep[k]], spans[2 * keep[k] + 1]));
        }
        return new Edit(spans[0], spans[spans.length - 1], pieces);
    }

    /** Applies non-overlapping edits to the original text. */
    static RouteUnit apply(int shard, String shardName, String sql, int[] paramOffsets, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
        Output out = new Output(sql, paramOffsets);
        int pos = 0;
        for (Edit e : sorted) {
            out.copy(pos, e.start());
            for (Piece p : e.pieces()) {
                if (p.text() != null) out.text.append(p.text());
                else out.copy(p.start(), p.end());
            }
            pos = Math.max(pos, e.end());
        }
        out.copy(pos, sql.length());
        return new RouteUnit(shard, shardName, out.text.toString(), Arrays.copyOf(out.map, out.params));
    }

    /** The text being built and, for each of its parameter markers, the logical parameter it copies. */
    private static final class Output {
        final String sql;
        final int[] paramOffsets;
        final StringBuilder text;
        int[] map;
        int params;

        Output(String sql, int[] paramOffsets) {
            this.sql = sql;
            this.paramOffsets = paramOffsets;
            this.text = new StringBuilder(sql.length() + 64);
            this.map = new int[paramOffsets.length + 4];
        }

        void copy(int from, int to) {
            if (from >= to) return;
            text.append(sql, from, to);
            int q = Arrays.binarySearch(paramOffsets, from); // offsets ascend: visit only the markers copied
            if (q < 0) q = -q - 1;
            for (; q < paramOffsets.length && paramOffsets[q] < to; q++) {
                if (params == map.length) map = Arrays.copyOf(map, params * 2);
                map[params++] = q + 1;
            }
        }
    }
}
