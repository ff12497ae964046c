package io.shardjdbc.config;

import java.util.Locale;

/** The SQL dialect the shards speak; all shards of one configuration share it. */
public enum Dialect {
    POSTGRESQL, MYSQL, H2;

    /** The dialect of a physical JDBC URL, or {@code null} when the URL names another database. */
    public static Dialect ofUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) return MYSQL;
        if (u.startsWith("jdbc:h2:")) return H2;
        return null;
    }
}
