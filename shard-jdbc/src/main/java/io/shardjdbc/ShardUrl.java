package io.shardjdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A parsed {@code jdbc:shard:} URL: where the config is ({@code <path>} or
 * {@code classpath:<resource>}) and the config overrides from its {@code ?k=v&...} query and the
 * connection properties (which win over the query).
 *
 * @param location  the file path or resource name
 * @param classpath true for {@code classpath:} resources
 * @param overrides dotted config keys to values, sorted so equal settings make equal keys
 */
record ShardUrl(String location, boolean classpath, Map<String, String> overrides) {
    static final String PREFIX = "jdbc:shard:";
    private static final String CLASSPATH = "classpath:";

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    static ShardUrl parse(String url, Properties info) throws SQLException {
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String location = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> overrides = new TreeMap<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                overrides.put(k, v);
            }
        }
        if (info != null) {
            for (String k : info.stringPropertyNames()) overrides.put(k, info.getProperty(k));
        }
        boolean classpath = location.startsWith(CLASSPATH);
        if (classpath) location = location.substring(CLASSPATH.length());
        if (location.isBlank()) {
            throw new SQLException("the URL " + url + " names no config: use jdbc:shard:/path/to/shards.yaml"
                    + " or jdbc:shard:classpath:shards.yaml", "08001");
        }
        return new ShardUrl(location, classpath, overrides);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL connections report: the location without the overrides (which may hold a password). */
    String display() {
        return PREFIX + (classpath ? CLASSPATH : "") + location;
    }

    /** Identifies one runtime: same config location and overrides share pools. */
    String runtimeKey() {
        return display() + "?" + overrides;
    }
}
