package io.shardjdbc.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The value types a range key can be compared as, and how a bound written in the config becomes a
 * comparable value. Dates and timestamps compare as {@link LocalDateTime} so a date column and a
 * timestamp column share one ordering; numbers compare as {@link BigDecimal}.
 */
public final class RangeBounds {
    /** The comparison type of a range key. */
    public enum Type { NUMBER, TIMESTAMP, STRING }

    private RangeBounds() { }

    /** The type of a table's range key: from key-type, or inferred from the bounds written. */
    public static Type typeOf(String keyType, List<RangeSpec> ranges) {
        switch (keyType) {
            case "integer", "decimal" -> { return Type.NUMBER; }
            case "date", "timestamp" -> { return Type.TIMESTAMP; }
            case "string", "uuid" -> { return Type.STRING; }
            default -> { }
        }
        boolean numbers = true, times = true, any = false;
        for (RangeSpec r : ranges) {
            if (r.below() == null) continue;
            any = true;
            numbers &= tryParse(Type.NUMBER, r.below());
            times &= tryParse(Type.TIMESTAMP, r.below());
        }
        if (!any) return Type.STRING;
        return numbers ? Type.NUMBER : times ? Type.TIMESTAMP : Type.STRING;
    }

    private static boolean tryParse(Type type, String s) {
        try {
            parse(type, s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses a bound; throws IllegalArgumentException if it is not of the type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Comparable<Object> parse(Type type, String s) {
        String v = s.trim();
        return (Comparable) switch (type) {
            case NUMBER -> new BigDecimal(v);
            case STRING -> s;
            case TIMESTAMP -> parseTimestamp(v);
        };
    }

    /**
     * A parsed bound as config text: numbers in plain notation, timestamps at midnight as their date;
     * parsing the text again gives an equal bound.
     */
    public static String text(Object bound) {
        if (bound instanceof BigDecimal d) return d.toPlainString();
        if (bound instanceof LocalDateTime t) {
            return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
        }
        return bound.toString();
    }

    static LocalDateTime parseTimestamp(String v) {
        try {
            if (v.length() <= 10) return LocalDate.parse(v).atStartOfDay();
            return LocalDateTime.parse(v.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
