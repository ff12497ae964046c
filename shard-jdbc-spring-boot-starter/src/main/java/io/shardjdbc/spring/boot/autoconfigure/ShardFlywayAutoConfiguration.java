package io.shardjdbc.spring.boot.autoconfigure;

import io.shardjdbc.spring.boot.flyway.ShardVendorLocations;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.context.annotation.Bean;

/** Flyway's {@code {vendor}} locations resolved to the shards' database (see {@link ShardVendorLocations}). */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnClass({FlywayConfigurationCustomizer.class, org.flywaydb.core.Flyway.class})
public class ShardFlywayAutoConfiguration {

    @Bean
    FlywayConfigurationCustomizer shardVendorLocations(org.springframework.core.env.Environment environment) {
        // spring.flyway.locations as configured (Boot's default when unset), before Boot resolves {vendor}
        String[] locations = environment.getProperty("spring.flyway.locations", String[].class,
                new FlywayProperties().getLocations().toArray(String[]::new));
        return new ShardVendorLocations(java.util.List.of(locations));
    }
}
