package io.shardjdbc.sql;

import java.util.Map;
import java.util.Set;

/**
 * A statement prepared for Calcite: clauses Calcite cannot read are blanked out with spaces of the
 * same length, so every parser position still points at the same characters of the original text.
 *
 * @param text         the masked text, same length and line breaks as the original
 * @param clauses      which clauses were blanked
 * @param stringValues decoded values of string literals that had to be rewritten (by start offset)
 */
public record MaskedSql(String text, Set<Clause> clauses, Map<Integer, String> stringValues) {
    /** Clauses that were blanked out of the text Calcite sees. */
    public enum Clause {
        /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE. */
        ROW_LOCK,
        RETURNING,
        /** ON CONFLICT, ON DUPLICATE KEY UPDATE, INSERT IGNORE, REPLACE. */
        UPSERT,
        /** MySQL UPDATE/DELETE ... ORDER BY / LIMIT. */
        DML_LIMIT
    }
}
