package io.shardjdbc.spring.boot.autoconfigure;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * {@code spring.shard.config} gives the application's DataSource: a {@link ShardDataSource} with no pool around it
 * (each shard has its own pool, and a logical connection holds no shard connection between statements). {@code ${...}}
 * in the config resolve through Spring's Environment (properties, then environment variables), as in Boot's own files.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(prefix = "spring.shard", name = "config")
@EnableConfigurationProperties(ShardJdbcProperties.class)
public class ShardDataSourceAutoConfiguration {

    /** The shard-jdbc DataSource of {@code spring.shard.config}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    public ShardDataSource shardDataSource(ShardJdbcProperties properties, ResourceLoader resources, Environment environment) {
        return new ShardDataSource(load(properties, resources, environment));
    }

    static ShardConfig load(ShardJdbcProperties properties, ResourceLoader resources, Environment environment) {
        Resource resource = resources.getResource(properties.getConfig());
        String yaml;
        try {
            yaml = resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("spring.shard.config: cannot read " + properties.getConfig() + " ("
                    + resource.getDescription() + "): " + e.getMessage(), e);
        }
        return ConfigLoader.parse(properties.getConfig(), yaml, properties.getProperties(), environment::getProperty);
    }
}
