package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Copies the rows of a unit from a PostgreSQL source to a PostgreSQL target: one {@code COPY (SELECT
 * ...) TO STDOUT} on the source in primary key order, streamed row by row into {@code COPY ... FROM
 * STDIN} on the target, committed on the target every {@code chunkRows} rows. The database's own
 * text format passes through untouched (no value is parsed but the last row's key of each chunk,
 * the checkpoint), so the copy costs the databases, not this process.
 */
final class PgCopy {
    private PgCopy() { }

    /**
     * Copies the rows of {@code t} that satisfy {@code unitCondition} and whose key is above
     * {@code after} (null: from the first). {@code source} reads in the transaction (snapshot) the caller
     * set up; {@code target} must not be in autocommit mode.
     */
    static void copy(Connection source, Connection target, MovedTable t, String unitCondition, List<String> after,
                     int chunkRows, Throttle throttle, ShardDatabase.ChunkDone done) throws SQLException {
        String where = unitCondition + (after == null ? "" : " AND " + t.keyAbove(Dialect.POSTGRESQL, after));
        String select = "COPY (SELECT " + t.columnList() + " FROM " + t.name() + " WHERE " + where + " ORDER BY "
                + t.keyList() + ") TO STDOUT";
        String load = "COPY " + t.name() + " (" + t.columnList() + ") FROM STDIN";
        CopyOut out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(select);
        CopyIn in = null;
        try {
            int rows = 0;
            byte[] last = null;
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                if (in == null) in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(load);
                in.writeToCopy(row, 0, row.length);
                last = row;
                if (++rows == chunkRows) {
                    in.endCopy();
                    in = null;
                    target.commit();
                    done.committed(rows, key(last, t.primaryKey().size()));
                    throttle.paced(rows);
                    rows = 0;
                }
            }
            if (in != null) {
                in.endCopy();
                in = null;
                target.commit();
                done.committed(rows, key(last, t.primaryKey().size()));
            }
        } finally {
            if (in != null && in.isActive()) in.cancelCopy();
            if (out.isActive()) out.cancelCopy();
        }
    }

    /** The first {@code n} fields of a row in COPY text format, unescaped. */
    static List<String> key(byte[] row, int n) {
        String line = new String(row, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(n);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length() && out.size() < n; i++) {
            char c = line.charAt(i);
            if (c == '\t' || c == '\n') {
                out.add(field.toString());
                field.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char e = line.charAt(++i);
                field.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> '\u000b';
                    default -> e;
                });
            } else {
                field.append(c);
            }
        }
        if (out.size() < n) out.add(field.toString());
        return out;
    }
}
