package io.shardjdbc.jdbc;

import java.sql.Statement;

/**
 * Which generated keys the application asked for; passed unchanged to every physical statement.
 *
 * @param auto    {@link Statement#RETURN_GENERATED_KEYS} or {@link Statement#NO_GENERATED_KEYS}
 * @param indexes the key columns by index, or null
 * @param names   the key columns by name, or null
 */
record GeneratedKeys(int auto, int[] indexes, String[] names) {
    static final GeneratedKeys NONE = new GeneratedKeys(Statement.NO_GENERATED_KEYS, null, null);

    static GeneratedKeys of(int auto) {
        return auto == Statement.RETURN_GENERATED_KEYS ? new GeneratedKeys(auto, null, null) : NONE;
    }

    static GeneratedKeys of(int[] indexes) {
        return new GeneratedKeys(Statement.RETURN_GENERATED_KEYS, indexes.clone(), null);
    }

    static GeneratedKeys of(String[] names) {
        return new GeneratedKeys(Statement.RETURN_GENERATED_KEYS, null, names.clone());
    }

    boolean none() { return this == NONE; }
}
