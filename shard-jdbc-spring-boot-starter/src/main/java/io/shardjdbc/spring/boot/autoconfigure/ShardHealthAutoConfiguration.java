package io.shardjdbc.spring.boot.autoconfigure;

import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.spring.boot.ShardRuntimes;
import io.shardjdbc.spring.boot.health.ShardsHealthContributor;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A health contributor {@code shards} with one entry per shard and replica, each checked on a connection of its own
 * pool, so a stopped shard turns the application DOWN and is named (a pool over the logical connections only sees
 * the shards it happens to hold).
 */
@AutoConfiguration(after = {ShardDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(ShardJdbcProperties.class)
public class ShardHealthAutoConfiguration {

    /** The shards' health entries; none when no DataSource is sharded. */
    @Bean
    @ConditionalOnMissingBean(name = "shardsHealthContributor")
    public HealthContributor shardsHealthContributor(ObjectProvider<DataSource> dataSources, ShardJdbcProperties properties) {
        ShardRuntime runtime = dataSources.orderedStream().map(ShardRuntimes::of).filter(Objects::nonNull).findFirst().orElse(null);
        return runtime == null ? CompositeHealthContributor.fromMap(Map.of())
                : ShardsHealthContributor.of(runtime, properties.getHealthTimeout());
    }
}
