package io.shardjdbc.metadata;

import io.shardjdbc.config.MetadataSpec;
import java.sql.SQLException;

/**
 * Opens the {@link MetadataStore} a config's {@code metadata:} section names. The driver finds the
 * implementation with {@link java.util.ServiceLoader} ({@code META-INF/services}), so the store's
 * code and its dependencies are on an application's classpath only when it adds the artifact that
 * provides one ({@code io.shardjdbc:directory-service}).
 */
public interface MetadataStoreFactory {
    /** Opens the store at {@code spec}'s URL; the caller closes it. */
    MetadataStore open(MetadataSpec spec) throws SQLException;
}
