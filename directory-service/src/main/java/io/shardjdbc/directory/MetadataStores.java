package io.shardjdbc.directory;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.http.HttpMetadataStore;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.metadata.MetadataStore;
import java.net.URI;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Opens the metadata store a config's {@code metadata:} section names: a {@code jdbc:} URL opens
 * the store directly on that database (PostgreSQL, MySQL/MariaDB or H2; schema migrated on open);
 * an {@code http://} or {@code https://} URL is the directory service, reached with
 * {@code metadata.token}.
 */
public final class MetadataStores {
    private MetadataStores() { }

    /** Opens the store of {@code spec}; a JDBC URL carries its own credentials if it needs any. */
    public static MetadataStore open(MetadataSpec spec) throws SQLException {
        return open(spec, null, null);
    }

    /**
     * Opens the store of {@code spec}. {@code username} and {@code password} (either may be null)
     * are the database credentials of a {@code jdbc:} store, used besides any the URL carries.
     */
    public static MetadataStore open(MetadataSpec spec, String username, String password) throws SQLException {
        if (spec == null || spec.url() == null || spec.url().isBlank()) {
            throw new SQLException("metadata store: no URL given (metadata.url)", "08001");
        }
        String url = spec.url().trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) return JdbcMetadataStore.open(url, username, password);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (spec.token() == null || spec.token().isBlank()) {
                throw new SQLException("metadata store " + Redact.url(url) + " is the directory service, which needs metadata.token", "28000");
            }
            try {
                return new HttpMetadataStore(URI.create(url), spec.token());
            } catch (IllegalArgumentException e) {
                throw new SQLException("metadata store URL " + Redact.url(url) + " is not a valid URL: " + e.getMessage(), "08001", e);
            }
        }
        throw new SQLException("metadata store URL " + Redact.url(url) + " is neither a jdbc: URL nor the directory "
                + "service's http:// or https:// URL (metadata.url)", "08001");
    }
}
