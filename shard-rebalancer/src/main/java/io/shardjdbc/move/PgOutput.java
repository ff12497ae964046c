package io.shardjdbc.move;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes PostgreSQL's {@code pgoutput} logical replication messages (protocol version 1) into
 * {@link Change}s: relation messages teach it the columns of each table, row messages become changes
 * with the columns' values in text form, and logical messages ({@code pg_logical_emit_message}) mark
 * positions in the stream. Begin, commit, origin, type and truncate messages carry nothing the
 * move needs and decode to null.
 */
final class PgOutput {
    /** A column of a published table: its name and whether it is part of the replica identity (the primary key). */
    record Column(String name, boolean key) { }

    /** What one message means for the move. */
    sealed interface Change permits Row, Marker, Commit { }

    /**
     * A row change of {@code table}: {@code after} is the new row (null for a delete), {@code before}
     * the old key or old row when the message carried one (deletes always, updates when the key changed).
     * Values are the columns' text; an unchanged TOASTed value is {@link #UNCHANGED}.
     */
    record Row(String table, char op, List<Column> columns, String[] before, String[] after) implements Change {
        /** The change as the applier takes it. */
        RowChange change() {
            return new RowChange(table, columns.stream().map(Column::name).toList(), before, after);
        }
    }

    /** A logical message emitted by the move engine itself. */
    record Marker(String prefix, String content) implements Change { }

    /** The end of a source transaction. */
    record Commit(long endLsn) implements Change { }

    /** Stands for a TOASTed value the update did not change (the message does not carry it). */
    static final String UNCHANGED = new String("unchanged-toast");

    private final Map<Integer, String> tables = new HashMap<>();
    private final Map<Integer, List<Column>> columns = new HashMap<>();

    /** The change one message carries, or null for messages the move ignores. */
    Change decode(ByteBuffer b) {
        char type = (char) b.get();
        switch (type) {
            case 'R' -> {
                int rel = b.getInt();
                readString(b); // namespace: the move reads tables of the connection's schema
                String name = readString(b);
                b.get(); // replica identity setting
                int n = b.getShort();
                List<Column> cols = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    boolean key = (b.get() & 1) != 0;
                    cols.add(new Column(readString(b), key));
                    b.getInt(); // type oid
                    b.getInt(); // type modifier
                }
                tables.put(rel, name);
                columns.put(rel, cols);
                return null;
            }
            case 'I' -> {
                int rel = b.getInt();
                b.get(); // 'N'
                return new Row(tables.get(rel), 'I', columns.get(rel), null, readTuple(b));
            }
            case 'U' -> {
                int rel = b.getInt();
                String[] before = null;
                byte kind = b.get();
                if (kind == 'K' || kind == 'O') {
                    before = readTuple(b);
                    b.get(); // 'N'
                }
                return new Row(tables.get(rel), 'U', columns.get(rel), before, readTuple(b));
            }
            case 'D' -> {
                int rel = b.getInt();
                b.get(); // 'K' or 'O'
                return new Row(tables.get(rel), 'D', columns.get(rel), readTuple(b), null);
            }
            case 'M' -> {
                b.get(); // flags
                b.getLong(); // lsn
                String prefix = readString(b);
                byte[] content = new byte[b.getInt()];
                b.get(content);
                return new Marker(prefix, new String(content, StandardCharsets.UTF_8));
            }
            case 'C' -> {
                b.get(); // flags
                b.getLong(); // commit lsn
                return new Commit(b.getLong());
            }
            default -> {
                return null; // B(egin), O(rigin), Y(type), T(runcate): nothing to apply
            }
        }
    }

    private static String[] readTuple(ByteBuffer b) {
        int n = b.getShort();
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            char kind = (char) b.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> values[i] = UNCHANGED;
                default -> {
                    byte[] v = new byte[b.getInt()];
                    b.get(v);
                    values[i] = new String(v, StandardCharsets.UTF_8);
                }
            }
        }
        return values;
    }

    private static String readString(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // scan to the terminating zero byte
        }
        byte[] s = new byte[b.position() - start - 1];
        b.get(start, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
