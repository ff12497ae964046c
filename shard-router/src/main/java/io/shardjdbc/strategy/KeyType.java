package io.shardjdbc.strategy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLDataException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * How key values of one table are normalised before hashing, so that values the database treats as
 * equal land in the same bucket: {@code 5}, {@code 5L}, {@code BigDecimal("5.0")} and {@code "5"}
 * all become {@code "5"}. With {@code integer}/{@code decimal} key types, strings are read as
 * numbers ({@code " 05"} is {@code 5}); with {@code uuid} they are lower-cased.
 */
public enum KeyType {
    AUTO, INTEGER, DECIMAL, STRING, UUID, DATE, TIMESTAMP;

    public static KeyType of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The canonical text of a key value; the stable hash is computed over it. A value the key column
     * would convert on the way in is routed by what the column stores or refused (class 22), never by
     * the text sent: with {@code integer} (and {@code auto}) a number with a fraction is refused, since
     * an integer column stores 1.5 as 2, which hashes elsewhere; with {@code integer}/{@code decimal} a
     * string is read as the number the column stores.
     */
    public String canonical(Object v) throws SQLDataException {
        if (v instanceof String s) {
            return switch (this) {
                case INTEGER -> canonicalNumber(whole(parseNumber(s), s));
                case DECIMAL -> canonicalNumber(parseNumber(s));
                case UUID -> s.trim().toLowerCase(Locale.ROOT);
                case DATE, TIMESTAMP -> s.trim();
                case AUTO -> unambiguous(s);
                default -> s;
            };
        }
        if (v instanceof Boolean b) return b ? "1" : "0"; // what MySQL/MariaDB store for TRUE/FALSE in any column
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) return canonicalNumber(this == DECIMAL || this == STRING ? d : whole(d, v));
        if (v instanceof Double || v instanceof Float) {
            BigDecimal d = finite((Number) v);
            return canonicalNumber(this == DECIMAL || this == STRING ? d : whole(d, v));
        }
        if (v instanceof java.util.UUID u) return u.toString();
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime().toString();
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof LocalDate || v instanceof LocalDateTime) return v.toString();
        if (v instanceof Character) return v.toString();
        throw new SQLDataException("a shard key cannot be a " + v.getClass().getName(), "22023");
    }

    /** The integral value of a key for {@code function: mod}. */
    public static BigInteger integral(Object v) throws SQLDataException {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) return b;
        if (v instanceof Boolean b) return b ? BigInteger.ONE : BigInteger.ZERO;
        BigDecimal d;
        if (v instanceof BigDecimal b) d = b;
        else if (v instanceof Double || v instanceof Float) d = finite((Number) v);
        else if (v instanceof String s) d = parseNumber(s);
        else throw new SQLDataException("a mod-sharded key must be an integer, not a " + v.getClass().getName(), "22023");
        requireSane(d);
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new SQLDataException("a mod-sharded key must be an integer, not " + d.toPlainString(), "22023");
        }
    }

    /** A number as a comparable BigDecimal, for range keys. */
    public static BigDecimal number(Object v) throws SQLDataException {
        if (v instanceof BigDecimal d) return d;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) return new BigDecimal(b);
        if (v instanceof Number n) return finite(n);
        if (v instanceof Boolean b) return b ? BigDecimal.ONE : BigDecimal.ZERO;
        if (v instanceof String s) return parseNumber(s);
        throw new SQLDataException("a numeric shard key cannot be a " + v.getClass().getName(), "22023");
    }

    /** A date or timestamp as a LocalDateTime (dates at midnight), for range keys. */
    public static LocalDateTime timestamp(Object v) throws SQLDataException {
        if (v instanceof LocalDateTime t) return t;
        if (v instanceof LocalDate d) return d.atStartOfDay();
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime();
        if (v instanceof java.sql.Date d) return d.toLocalDate().atStartOfDay();
        if (v instanceof OffsetDateTime o) return o.toLocalDateTime();
        if (v instanceof ZonedDateTime z) return z.toLocalDateTime();
        if (v instanceof java.util.Date d) return new java.sql.Timestamp(d.getTime()).toLocalDateTime();
        if (v instanceof String s) {
            try {
                String t = s.trim();
                return t.length() <= 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
            } catch (RuntimeException e) {
                throw new SQLDataException("'" + s + "' is not a date or timestamp", "22007");
            }
        }
        throw new SQLDataException("a date shard key cannot be a " + v.getClass().getName(), "22023");
    }

    /**
     * A string key under {@code auto}, whose column type is not known: a string a numeric column would
     * read as a different number text ({@code ' 08'}, {@code '1.5'}, {@code '1e3'}, {@code '007'}) hashes
     * differently as text and as the number stored, so it is refused; text that is no number, and
     * integers written canonically ({@code '42'}), mean the same either way.
     */
    private static String unambiguous(String s) throws SQLDataException {
        BigDecimal d;
        try {
            d = new BigDecimal(s.trim());
        } catch (NumberFormatException notANumber) {
            return s;
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0 || !s.equals(d.toBigInteger().toString())) {
            throw new SQLDataException("shard key value '" + s + "' is a string that a numeric key column would store as a "
                    + "different number, on another shard; with key-type auto such a key is refused — set key-type: string "
                    + "if the key column holds text, integer or decimal if it holds numbers, or give the key as a number", "22023");
        }
        return s;
    }

    /**
     * A number with no fraction, or a refusal: an integer key column rounds a fraction away (1.5 is
     * stored as 2), so the row would land on the shard of a key it does not have.
     */
    private BigDecimal whole(BigDecimal d, Object given) throws SQLDataException {
        if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) return d;
        String advice = this == AUTO
                ? "; with key-type auto a fractional key is refused because an integer key column would store it rounded, "
                    + "on another shard — give an integer, or set key-type: decimal if the key column holds decimals"
                : "; the key is an integer (key-type: integer) and the database would store it rounded, on another shard "
                    + "— give an integer";
        throw new SQLDataException("shard key value " + given + " has a fraction" + advice, "22023");
    }

    /** No database key column holds a thousand digits; {@code 1e999999999} in plain digits would exhaust memory. */
    private static void requireSane(BigDecimal d) throws SQLDataException {
        if (d.precision() - d.scale() > 1000 || d.scale() > 1000) {
            throw new SQLDataException("shard key value " + d + " has more digits than any key column holds", "22003");
        }
    }

    private static BigDecimal finite(Number n) throws SQLDataException {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new SQLDataException("shard key value " + n + " is not a finite number", "22023");
        }
        return new BigDecimal(n.toString());
    }

    private static BigDecimal parseNumber(String s) throws SQLDataException {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new SQLDataException("'" + s + "' is not a number", "22018");
        }
    }

    private static String canonicalNumber(BigDecimal d) throws SQLDataException {
        if (d.signum() == 0) return "0";
        requireSane(d);
        return d.stripTrailingZeros().toPlainString();
    }
}
