package io.shardjdbc.spring.boot.observation;

import java.net.URI;
import java.util.Locale;

/**
 * Where a shard's database is, as the semantic conventions name it, read from its JDBC URL.
 *
 * @param system   {@code db.system.name}: {@code postgresql}, {@code mysql}, {@code mariadb}, or the URL's subprotocol
 * @param database {@code db.namespace}: the database name, empty when the URL names none
 * @param host     {@code server.address}, empty when the URL cannot be read as one host
 * @param port     {@code server.port}, or -1 when the URL gives none
 */
public record ShardEndpoint(String system, String database, String host, int port) {

    /** The endpoint of a {@code jdbc:<subprotocol>://host:port/database?...} URL. */
    public static ShardEndpoint of(String jdbcUrl) {
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
        int colon = rest.indexOf(':');
        String system = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
        try {
            URI uri = URI.create(rest);
            String path = uri.getPath() == null ? "" : uri.getPath();
            return new ShardEndpoint(system, path.startsWith("/") ? path.substring(1) : path,
                    uri.getHost() == null ? "" : uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException e) { // several hosts, or a form URI does not read: name the system only
            return new ShardEndpoint(system, "", "", -1);
        }
    }
}
