package io.shardjdbc.spring.boot.flyway;

import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.spring.boot.ShardRuntimes;
import java.util.List;
import java.util.function.Supplier;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * Resolves {@code {vendor}} in {@code spring.flyway.locations} for a sharded DataSource. Boot reads the vendor from
 * the connection's URL, which is {@code jdbc:shard:} (vendor {@code unknown}, so {@code db/migration/{vendor}} found
 * no migration); here it is the vendor Boot gives the shards' own URL ({@code postgresql}, {@code mysql},
 * {@code mariadb}).
 */
public final class ShardVendorLocations implements FlywayConfigurationCustomizer {
    private static final String VENDOR = "{vendor}";
    private final Supplier<List<String>> configured;

    /** @param configured {@code spring.flyway.locations} as configured, placeholders unresolved */
    public ShardVendorLocations(Supplier<List<String>> configured) {
        this.configured = configured;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        List<String> locations = configured.get();
        if (locations.stream().noneMatch(l -> l.contains(VENDOR)) || configuration.getDataSource() == null) return;
        ShardRuntime runtime = ShardRuntimes.of(configuration.getDataSource());
        if (runtime == null) return;
        String vendor = DatabaseDriver.fromJdbcUrl(runtime.config().shards().values().iterator().next().url()).getId();
        configuration.locations(locations.stream().map(l -> l.replace(VENDOR, vendor)).toArray(String[]::new));
    }
}
