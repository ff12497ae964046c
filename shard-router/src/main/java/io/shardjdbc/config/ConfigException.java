package io.shardjdbc.config;

/**
 * A configuration that cannot be used. The message names the source (file or builder), the key
 * path and the reason, e.g. {@code shards.yaml: tables.orders.colocate: unknown table 'custmer'}.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final String key;
    private final String reason;

    public ConfigException(String source, String key, String reason) {
        this(source, key, reason, null);
    }

    public ConfigException(String source, String key, String reason, Throwable cause) {
        super(source + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + reason, cause);
        this.source = source;
        this.key = key;
        this.reason = reason;
    }

    /** The file (or "builder") the configuration came from. */
    public String source() { return source; }

    /** The dotted key path that is wrong, e.g. {@code tables.events.ranges[1].below}. */
    public String key() { return key; }

    /** What is wrong with it. */
    public String reason() { return reason; }
}
