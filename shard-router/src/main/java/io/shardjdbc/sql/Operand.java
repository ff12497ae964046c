package io.shardjdbc.sql;

/** A value a shard key is compared with: a literal, a {@code ?} parameter, or anything else. */
public sealed interface Operand {
    /** A literal value (BigDecimal, String, Boolean, a date/timestamp text, or null for NULL). */
    record Literal(Object value) implements Operand { }

    /** Parameter marker number {@code index} (1-based, counted in the original text). */
    record Param(int index) implements Operand { }

    /** An expression whose value is not known before it runs (a function call, a column, DEFAULT...). */
    record Other(String text) implements Operand { }
}
