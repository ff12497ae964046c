package io.shardjdbc.sql;

import java.util.List;

/**
 * The part of a WHERE (or ON) clause that routing can use; everything else is {@link Opaque}.
 */
public sealed interface Condition {
    /** All of the parts hold. */
    record And(List<Condition> parts) implements Condition { }

    /** At least one of the parts holds. */
    record Or(List<Condition> parts) implements Condition { }

    /**
     * {@code column op value}, normalised so the column is on the left.
     *
     * @param op one of {@code = < <= > >=}
     */
    record Compare(ColumnRef column, String op, Operand value) implements Condition { }

    /**
     * {@code column IN (v1, v2, ...)}; {@code spans} holds each value's {@code [start, end)} in the
     * original text (two ints per value) so the list can be cut down per shard.
     */
    record In(ColumnRef column, List<Operand> values, int[] spans) implements Condition { }

    /** {@code column BETWEEN low AND high}. */
    record Between(ColumnRef column, Operand low, Operand high) implements Condition { }

    /** {@code a = b} between two columns (join keys). */
    record ColumnsEqual(ColumnRef left, ColumnRef right) implements Condition { }

    /** Anything routing cannot use. */
    record Opaque() implements Condition { }

    Condition OPAQUE = new Opaque();
}
