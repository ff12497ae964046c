package io.shardjdbc.spring.boot.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.spring.boot.ShardRuntimes;
import io.shardjdbc.spring.boot.metrics.ShardPoolMetrics;
import io.shardjdbc.spring.boot.observation.ShardObservations;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics of the shard pools and observations of executions and shard statements, for each sharded DataSource,
 * when Micrometer (metrics) or Micrometer Observation is on the classpath.
 */
@AutoConfiguration(after = {ShardDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
public class ShardObservabilityAutoConfiguration {

    /** The pool meters, bound by Boot to its MeterRegistry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {
        @Bean
        MeterBinder shardPoolMetrics(ObjectProvider<DataSource> dataSources) {
            return registry -> dataSources.orderedStream().map(ShardRuntimes::of).filter(Objects::nonNull).distinct()
                    .forEach(runtime -> new ShardPoolMetrics(runtime).bindTo(registry));
        }
    }

    /** The observations, added to each sharded DataSource's observers once every bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class Observations {
        @Bean
        SmartInitializingSingleton shardObservations(ObjectProvider<DataSource> dataSources,
                                                     ObjectProvider<ObservationRegistry> registries) {
            return () -> {
                ObservationRegistry registry = registries.getIfAvailable();
                if (registry == null) return;
                dataSources.orderedStream().map(ShardRuntimes::of).filter(Objects::nonNull).distinct()
                        .forEach(runtime -> observe(runtime, registry));
            };
        }

        private static void observe(ShardRuntime runtime, ObservationRegistry registry) {
            runtime.observers().add(new ShardObservations(registry, runtime));
        }
    }
}
