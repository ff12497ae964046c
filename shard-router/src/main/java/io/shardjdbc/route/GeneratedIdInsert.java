package io.shardjdbc.route;

import io.shardjdbc.config.GeneratedIdSpec;
import io.shardjdbc.sql.InsertRows;
import io.shardjdbc.sql.Keywords;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.StatementAnalyzer;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.StatementShape;
import io.shardjdbc.sql.Token;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * An INSERT ... VALUES that leaves out a table's generated-id column, rewritten to carry it: the
 * column is appended to the column list and each row gets a {@code ?} for its id, so the driver
 * binds ids unique across shards (and routes by them where the id is the shard key) and the
 * database's RETURNING sees them. The application's parameters keep their values and move to the
 * indexes the rewritten text gives them.
 *
 * @param sql        the rewritten statement
 * @param parameters for the application's parameter {@code i} (1-based), its index in {@code sql} at {@code [i - 1]}
 * @param idSlots    for row {@code r}, the 1-based index of its id's marker in {@code sql}
 * @param idOffsets  for row {@code r}, the offset of its id's marker in {@code sql}
 * @param table      the table, as the statement names it
 * @param spec       the table's generated-id config
 */
public record GeneratedIdInsert(String sql, int[] parameters, int[] idSlots, int[] idOffsets, String table, GeneratedIdSpec spec) {

    /**
     * The rewrite of {@code sql}, or null when it is not an INSERT ... VALUES with a column list into a table with a
     * generated id that leaves the column out (then it runs as written: an id the application gives is kept).
     */
    public static GeneratedIdInsert of(String sql, Map<String, GeneratedIdSpec> generatedIds, StatementAnalyzer analyzer) {
        if (generatedIds.isEmpty()) return null;
        LexedSql lexed = analyzer.lex(sql);
        if (Keywords.kind(lexed) != StatementKind.INSERT) return null;
        StatementShape shape;
        try {
            shape = analyzer.shape(lexed, StatementKind.INSERT);
        } catch (SQLException unreadable) {
            return null; // routing reports why it cannot read the statement
        }
        InsertRows rows = shape.insert();
        if (rows == null || rows.columns().isEmpty() || shape.tables().isEmpty()) return null;
        String table = shape.tables().get(0).name();
        GeneratedIdSpec spec = generatedIds.get(table.toLowerCase(Locale.ROOT));
        if (spec == null || rows.columns().contains(spec.column().toLowerCase(Locale.ROOT))) return null;
        int columnsEnd = columnListEnd(lexed);
        if (columnsEnd < 0) return null;

        // the text with ", column" before the column list's ')' and ", ?" before each row's ')'
        int[] rowEnds = new int[rows.rows().size()];
        for (int r = 0; r < rowEnds.length; r++) rowEnds[r] = rows.rowSpans()[2 * r + 1] - 1;
        StringBuilder out = new StringBuilder(sql.length() + 16 + 3 * rowEnds.length);
        int[] idOffsets = new int[rowEnds.length];
        out.append(sql, 0, columnsEnd).append(", ").append(spec.column());
        int from = columnsEnd;
        for (int r = 0; r < rowEnds.length; r++) {
            out.append(sql, from, rowEnds[r]).append(", ");
            idOffsets[r] = out.length();
            out.append('?');
            from = rowEnds[r];
        }
        out.append(sql, from, sql.length());

        // every marker in text order: the application's at their offsets, the ids at their rows' ends
        int[] offsets = lexed.paramOffsets();
        int[] parameters = new int[offsets.length];
        int[] idSlots = new int[rowEnds.length];
        int p = 0, index = 0;
        int r = 0;
        while (p < offsets.length || r < rowEnds.length) {
            if (r >= rowEnds.length || (p < offsets.length && offsets[p] < rowEnds[r])) parameters[p++] = ++index;
            else idSlots[r++] = ++index;
        }
        return new GeneratedIdInsert(out.toString(), parameters, idSlots, idOffsets, table, spec);
    }

    /** The offset of the ')' that closes the INSERT's column list: the first parenthesis pair after INTO's table. */
    private static int columnListEnd(LexedSql lexed) {
        String sql = lexed.sql();
        int depth = 0;
        boolean open = false;
        for (Token t : lexed.tokens()) {
            if (t.kind() != Token.Kind.SYMBOL) {
                if (!open && t.kind() == Token.Kind.WORD && t.text(sql).equalsIgnoreCase("values")) return -1;
                continue;
            }
            String s = t.text(sql);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '(') {
                    depth++;
                    open = true;
                } else if (c == ')' && open && --depth == 0) {
                    return t.start() + i;
                }
            }
        }
        return -1;
    }

    /** The statement with literal ids in the place of the id markers (for a statement without parameters). */
    public String withIds(long[] ids) {
        if (ids.length != idOffsets.length) throw new IllegalArgumentException(idOffsets.length + " ids needed, not " + ids.length);
        StringBuilder out = new StringBuilder(sql.length() + 20 * ids.length);
        int from = 0;
        for (int r = 0; r < ids.length; r++) {
            out.append(sql, from, idOffsets[r]).append(ids[r]);
            from = idOffsets[r] + 1;
        }
        return out.append(sql, from, sql.length()).toString();
    }
}
