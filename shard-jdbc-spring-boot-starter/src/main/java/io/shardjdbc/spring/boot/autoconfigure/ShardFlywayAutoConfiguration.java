package io.shardjdbc.spring.boot.autoconfigure;

import io.shardjdbc.spring.boot.flyway.ShardVendorLocations;
import org.springframework.beans.factory.ObjectProvider;
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

    /** Reads {@code spring.flyway.locations} as Boot bound them (a list in YAML, commas, the environment). */
    @Bean
    FlywayConfigurationCustomizer shardVendorLocations(ObjectProvider<FlywayProperties> properties) {
        return new ShardVendorLocations(() -> properties.getObject().getLocations());
    }
}
