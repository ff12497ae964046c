package io.shardjdbc.federation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Values between JDBC and Calcite's internal representation (dates as days since the epoch, times
 * of day and timestamps as milliseconds, binary as {@link ByteString}), both ways.
 */
final class Internal {
    private Internal() { }

    /** A value a shard driver returned from {@code getObject}, as Calcite computes with it for a column of this type. */
    static Object fromJdbc(Object v, SqlTypeName type) {
        if (v == null) return null;
        switch (type) {
            case BOOLEAN -> { return v instanceof Boolean b ? b : ((Number) v).intValue() != 0; }
            case TINYINT -> { return ((Number) v).byteValue(); }
            case SMALLINT -> { return ((Number) v).shortValue(); }
            case INTEGER -> { return ((Number) v).intValue(); }
            case BIGINT -> { return ((Number) v).longValue(); }
            case REAL -> { return ((Number) v).floatValue(); }
            case DOUBLE, FLOAT -> { return ((Number) v).doubleValue(); }
            case DECIMAL -> { return decimal(v); }
            case CHAR, VARCHAR -> { return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString(); }
            case DATE -> { return (int) localDate(v).toEpochDay(); }
            case TIME -> { return (int) (localTime(v).toNanoOfDay() / 1_000_000L); }
            case TIMESTAMP -> { return localDateTime(v).toInstant(ZoneOffset.UTC).toEpochMilli(); }
            case BINARY, VARBINARY -> { return v instanceof byte[] b ? new ByteString(b) : v; }
            default -> { return v; }
        }
    }

    /**
     * A value Calcite computed, as the Java class the shard's driver returns for the column (the
     * shard described the statement, so classes and types are the database's own).
     */
    static Object toJdbc(Object v, String className) {
        if (v == null || className == null) return v;
        switch (className) {
            case "java.lang.Long" -> { return v instanceof Number n ? (Object) n.longValue() : v; }
            case "java.lang.Integer" -> { return v instanceof Number n ? (Object) n.intValue() : v; }
            case "java.lang.Short" -> { return v instanceof Number n ? (Object) n.shortValue() : v; }
            case "java.lang.Byte" -> { return v instanceof Number n ? (Object) n.byteValue() : v; }
            case "java.lang.Double" -> { return v instanceof Number n ? (Object) n.doubleValue() : v; }
            case "java.lang.Float" -> { return v instanceof Number n ? (Object) n.floatValue() : v; }
            case "java.math.BigDecimal" -> { return v instanceof Number ? decimal(v) : v; }
            case "java.math.BigInteger" -> { return v instanceof Number ? decimal(v).toBigInteger() : v; }
            case "java.lang.Boolean" -> { return v instanceof Number n ? (Object) (n.intValue() != 0) : v; }
            case "java.lang.String" -> { return v instanceof ByteString b ? b.toString() : v.toString(); }
            case "java.sql.Date" -> {
                if (v instanceof Integer days) return Date.valueOf(LocalDate.ofEpochDay(days));
                if (v instanceof Long millis) return Date.valueOf(dateTime(millis).toLocalDate());
                return v;
            }
            case "java.sql.Timestamp" -> {
                if (v instanceof Long millis) return Timestamp.valueOf(dateTime(millis));
                if (v instanceof Integer days) return Timestamp.valueOf(LocalDate.ofEpochDay(days).atStartOfDay());
                return v;
            }
            case "java.sql.Time" -> {
                if (v instanceof Integer millis) return Time.valueOf(LocalTime.ofNanoOfDay(millis * 1_000_000L));
                return v;
            }
            case "[B", "byte[]" -> { return v instanceof ByteString b ? b.getBytes() : v; }
            default -> { return v instanceof ByteString b ? b.getBytes() : v; }
        }
    }

    /** A parameter value bound by the application, as Calcite computes with it for this type. */
    static Object parameter(Object v, SqlTypeName type) {
        if (v == null) return null;
        return switch (type) {
            case DATE, TIME, TIMESTAMP, DECIMAL, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, FLOAT, BOOLEAN ->
                    v instanceof String s ? fromString(s, type) : fromJdbc(v, type);
            default -> fromJdbc(v, type);
        };
    }

    private static Object fromString(String s, SqlTypeName type) {
        return switch (type) {
            case DATE -> (int) LocalDate.parse(s.trim()).toEpochDay();
            case TIMESTAMP -> LocalDateTime.parse(s.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            case TIME -> (int) (LocalTime.parse(s.trim()).toNanoOfDay() / 1_000_000L);
            case BOOLEAN -> Boolean.parseBoolean(s.trim());
            default -> fromJdbc(new BigDecimal(s.trim()), type);
        };
    }

    private static LocalDateTime dateTime(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
    }

    static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) return d;
        if (v instanceof BigInteger i) return new BigDecimal(i);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return BigDecimal.valueOf(((Number) v).longValue());
        if (v instanceof Number n) return new BigDecimal(n.toString());
        return new BigDecimal(v.toString().trim());
    }

    private static LocalDate localDate(Object v) {
        if (v instanceof Date d) return d.toLocalDate();
        if (v instanceof LocalDate d) return d;
        if (v instanceof Timestamp t) return t.toLocalDateTime().toLocalDate();
        if (v instanceof LocalDateTime t) return t.toLocalDate();
        if (v instanceof java.util.Date d) return new Date(d.getTime()).toLocalDate();
        return LocalDate.parse(v.toString().trim());
    }

    private static LocalTime localTime(Object v) {
        if (v instanceof Time t) return t.toLocalTime();
        if (v instanceof LocalTime t) return t;
        return LocalTime.parse(v.toString().trim());
    }

    private static LocalDateTime localDateTime(Object v) {
        if (v instanceof Timestamp t) return t.toLocalDateTime();
        if (v instanceof LocalDateTime t) return t;
        if (v instanceof OffsetDateTime t) return t.toLocalDateTime();
        if (v instanceof Date d) return d.toLocalDate().atStartOfDay();
        if (v instanceof LocalDate d) return d.atStartOfDay();
        return LocalDateTime.parse(v.toString().trim().replace(' ', 'T'));
    }
}
