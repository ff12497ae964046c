package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;

/** How federation writes identifiers in the SQL it sends to shards of one dialect. */
final class ShardDialect {
    private ShardDialect() { }

    /**
     * A quoted identifier: names are sent exactly as the database reported them, so quoting keeps
     * their case (PostgreSQL folds unquoted names to lower case) and any reserved word working.
     */
    static String quote(Dialect dialect, String name) {
        if (dialect == Dialect.MYSQL) return "`" + name.replace("`", "``") + "`";
        // H2 folds unquoted names to upper case when tables are created and when they are queried
        if (dialect == Dialect.H2 && name.matches("[A-Za-z_][A-Za-z0-9_]*")) return name;
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
