package io.shardjdbc.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Conversions of merged values (as shard drivers returned them from {@code getObject}, or as the
 * merge computed them) to what a JDBC getter promises, following the JDBC conversion table.
 */
final class Values {
    private Values() { }

    static String string(Object v) {
        if (v == null) return null;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return v.toString();
    }

    static boolean bool(Object v) throws SQLException {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return decimal(n).signum() != 0;
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t") || s.equalsIgnoreCase("yes")) return true;
        if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("f") || s.equalsIgnoreCase("no")) return false;
        throw cannot(v, "boolean");
    }

    static long integral(Object v, long min, long max, String type) throws SQLException {
        if (v == null) return 0;
        BigDecimal d;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l < min || l > max) throw outOfRange(v, type);
            return l;
        }
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) d = decimal(n);
        else {
            try {
                d = new BigDecimal(v.toString().trim());
            } catch (NumberFormatException e) {
                throw cannot(v, type);
            }
        }
        BigDecimal t = d.setScale(0, RoundingMode.DOWN);
        if (t.compareTo(BigDecimal.valueOf(min)) < 0 || t.compareTo(BigDecimal.valueOf(max)) > 0) throw outOfRange(v, type);
        return t.longValue();
    }

    static double floating(Object v) throws SQLException {
        if (v == null) return 0;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1 : 0;
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw cannot(v, "double");
        }
    }

    static BigDecimal decimal(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof BigDecimal d) return d;
        if (v instanceof BigInteger b) return new BigDecimal(b);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number n) return new BigDecimal(n.toString());
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw cannot(v, "BigDecimal");
        }
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof BigInteger b) return new BigDecimal(b);
        return new BigDecimal(n.toString());
    }

    static byte[] bytes(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof byte[] b) return b;
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        throw cannot(v, "byte[]");
    }

    static Date date(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof Date d) return d;
        if (v instanceof Timestamp t) return Date.valueOf(t.toLocalDateTime().toLocalDate());
        if (v instanceof LocalDate d) return Date.valueOf(d);
        if (v instanceof LocalDateTime t) return Date.valueOf(t.toLocalDate());
        if (v instanceof OffsetDateTime o) return Date.valueOf(o.toLocalDate());
        if (v instanceof java.util.Date d) return new Date(d.getTime());
        try {
            return Date.valueOf(v.toString().trim().substring(0, 10));
        } catch (RuntimeException e) {
            throw cannot(v, "Date");
        }
    }

    static Time time(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof Time t) return t;
        if (v instanceof Timestamp t) return Time.valueOf(t.toLocalDateTime().toLocalTime());
        if (v instanceof LocalTime t) return Time.valueOf(t);
        if (v instanceof LocalDateTime t) return Time.valueOf(t.toLocalTime());
        try {
            return Time.valueOf(v.toString().trim());
        } catch (RuntimeException e) {
            throw cannot(v, "Time");
        }
    }

    static Timestamp timestamp(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof Timestamp t) return t;
        if (v instanceof Date d) return Timestamp.valueOf(d.toLocalDate().atStartOfDay());
        if (v instanceof LocalDateTime t) return Timestamp.valueOf(t);
        if (v instanceof LocalDate d) return Timestamp.valueOf(d.atStartOfDay());
        if (v instanceof OffsetDateTime o) return Timestamp.from(o.toInstant());
        if (v instanceof java.util.Date d) return new Timestamp(d.getTime());
        try {
            return Timestamp.valueOf(v.toString().trim().replace('T', ' '));
        } catch (RuntimeException e) {
            throw cannot(v, "Timestamp");
        }
    }

    /** {@code getObject(i, type)} for the common target types. */
    static <T> T as(Object v, Class<T> type) throws SQLException {
        if (v == null) return null;
        if (type.isInstance(v)) return type.cast(v);
        Object out;
        if (type == String.class) out = string(v);
        else if (type == Long.class) out = integral(v, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        else if (type == Integer.class) out = (int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        else if (type == Short.class) out = (short) integral(v, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        else if (type == Byte.class) out = (byte) integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        else if (type == Double.class) out = floating(v);
        else if (type == Float.class) out = (float) floating(v);
        else if (type == BigDecimal.class) out = decimal(v);
        else if (type == BigInteger.class) out = decimal(v).toBigInteger();
        else if (type == Boolean.class) out = bool(v);
        else if (type == Date.class) out = date(v);
        else if (type == Time.class) out = time(v);
        else if (type == Timestamp.class) out = timestamp(v);
        else if (type == LocalDate.class) out = date(v).toLocalDate();
        else if (type == LocalDateTime.class) out = timestamp(v).toLocalDateTime();
        else if (type == LocalTime.class) out = time(v).toLocalTime();
        else if (type == byte[].class) out = bytes(v);
        else throw cannot(v, type.getName());
        return type.cast(out);
    }

    private static SQLException cannot(Object v, String type) {
        return new SQLDataException("cannot convert " + v.getClass().getSimpleName() + " value '" + v + "' to " + type, "22018");
    }

    private static SQLException outOfRange(Object v, String type) {
        return new SQLDataException("value " + v + " is out of range for " + type, "22003");
    }
}
