package io.shardjdbc.directory;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.MetadataStoreFactory;
import java.sql.SQLException;

/** The driver's way to this module's stores ({@code META-INF/services}): {@link MetadataStores#open(MetadataSpec)}. */
public final class StoreFactory implements MetadataStoreFactory {
    @Override
    public MetadataStore open(MetadataSpec spec) throws SQLException {
        return MetadataStores.open(spec);
    }
}
