package io.shardjdbc.move;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of a table as the binary log lists them (every column, in table order) and the
 * conversion of a binary log value into one the target's driver binds as the same value: text
 * columns from bytes in their character set, unsigned integers from their signed form, date and time
 * values (read as microseconds since the epoch, UTC) as SQL text in UTC, the session zone of every
 * connection of a move.
 */
final class MyValues {
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private final List<String> columns;
    private final List<String> types;
    private final List<Boolean> unsigned;
    private final List<Charset> charsets;

    private MyValues(List<String> columns, List<String> types, List<Boolean> unsigned, List<Charset> charsets) {
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        this.unsigned = List.copyOf(unsigned);
        this.charsets = charsets;
    }

    /** The table's columns from {@code information_schema}, in table order. */
    static MyValues of(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Boolean> unsigned = new ArrayList<>();
        List<Charset> charsets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT LOWER(column_name), LOWER(data_type), LOWER(column_type) LIKE '%unsigned%', "
                + "LOWER(character_set_name) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
                + "ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.add(rs.getString(2));
                    unsigned.add(rs.getBoolean(3));
                    charsets.add(charset(rs.getString(4)));
                }
            }
        }
        return new MyValues(columns, types, unsigned, java.util.Collections.unmodifiableList(charsets));
    }

    private static Charset charset(String mysql) {
        if (mysql == null) return null;
        return switch (mysql) {
            case "utf8", "utf8mb3", "utf8mb4" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252"); // MySQL's latin1 is cp1252
            case "ascii" -> StandardCharsets.US_ASCII;
            case "binary" -> null;
            default -> Charset.isSupported(mysql) ? Charset.forName(mysql) : null;
        };
    }

    List<String> columns() { return columns; }

    /** A row of the binary log as values to bind. */
    Object[] row(Serializable[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length && i < columns.size(); i++) out[i] = value(i, values[i]);
        return out;
    }

    private Object value(int i, Serializable v) {
        if (v == null) return null;
        String type = types.get(i);
        if (v instanceof byte[] b) {
            if (type.equals("json")) {
                try {
                    return JsonBinary.parseAsString(b);
                } catch (IOException e) {
                    throw new IllegalStateException("column " + columns.get(i) + ": unreadable JSON in the binary log", e);
                }
            }
            Charset cs = charsets.get(i);
            return TEXT.contains(type) && cs != null ? new String(b, cs) : b;
        }
        if (v instanceof BitSet bits) {
            long[] words = bits.toLongArray();
            return words.length == 0 ? 0L : words[0];
        }
        if (v instanceof Long micros && !type.contains("int")) {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC);
            return switch (type) {
                case "date" -> t.toLocalDate().toString();
                case "time" -> t.toLocalTime().toString();
                default -> DATETIME.format(t); // datetime, timestamp
            };
        }
        if (unsigned.get(i) && v instanceof Number n && n.longValue() < 0) {
            return switch (type) {
                case "tinyint" -> n.longValue() & 0xFFL;
                case "smallint" -> n.longValue() & 0xFFFFL;
                case "mediumint" -> n.longValue() & 0xFFFFFFL;
                case "int", "integer" -> n.longValue() & 0xFFFFFFFFL;
                default -> new BigInteger(Long.toUnsignedString(n.longValue()));
            };
        }
        return v;
    }
}
