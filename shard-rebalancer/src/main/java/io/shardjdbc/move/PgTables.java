package io.shardjdbc.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a moving table's shape from a PostgreSQL source and creates it (and its indexes) on a target that lacks it. */
final class PgTables {
    private PgTables() { }

    /**
     * The table as the source has it; fails when it is absent or has no primary key (a move must find
     * each row again on the target, by its key, to apply later changes).
     */
    static MovedTable describe(Connection source, String table, String key, String shard) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass(?) "
                + "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                + "ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
                + "ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pk.add(rs.getString(1));
            }
        }
        return MovedTable.of(table, key, columns, pk, java.util.Collections.nCopies(pk.size(), false), shard);
    }

    /** Creates the table on the target from the source's definition when the target has no such table. */
    static void ensureOnTarget(Connection source, Connection target, MovedTable t) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return;
            }
        }
        List<String> ddl = new ArrayList<>();
        StringBuilder create = new StringBuilder("CREATE TABLE " + t.name() + " (");
        // column defaults that call sequences stay behind: the target has no such sequence
        try (PreparedStatement ps = source.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                + "CASE WHEN pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' THEN NULL ELSE pg_get_expr(d.adbin, d.adrelid) END "
                + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                String sep = "";
                while (rs.next()) {
                    create.append(sep).append(rs.getString(1)).append(' ').append(rs.getString(2));
                    if (rs.getString(4) != null) create.append(" DEFAULT ").append(rs.getString(4));
                    if (rs.getBoolean(3)) create.append(" NOT NULL");
                    sep = ", ";
                }
            }
        }
        create.append(", PRIMARY KEY (").append(t.keyList()).append("))");
        ddl.add(create.toString());
        try (PreparedStatement ps = source.prepareStatement("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                + "WHERE indrelid = to_regclass(?) AND NOT indisprimary")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ddl.add(rs.getString(1));
            }
        }
        try (Statement st = target.createStatement()) {
            for (String sql : ddl) st.execute(sql);
        }
        if (!target.getAutoCommit()) target.commit();
    }
}
