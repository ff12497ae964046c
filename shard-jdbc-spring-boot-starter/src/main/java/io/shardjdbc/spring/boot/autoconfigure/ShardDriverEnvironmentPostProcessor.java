package io.shardjdbc.spring.boot.autoconfigure;

import io.shardjdbc.ShardDriver;
import io.shardjdbc.spring.boot.ShardRuntimes;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Names the driver class for {@code spring.datasource.url=jdbc:shard:...}: Boot finds driver classes by URL prefix
 * from a list of known databases, which does not know {@code jdbc:shard:}, and otherwise fails with "Failed to
 * determine a suitable driver class". An application's own {@code driver-class-name} wins.
 */
public class ShardDriverEnvironmentPostProcessor implements EnvironmentPostProcessor {
    static final String URL = "spring.datasource.url";
    static final String DRIVER = "spring.datasource.driver-class-name";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!ShardRuntimes.isShardUrl(environment.getProperty(URL)) || environment.containsProperty(DRIVER)) return;
        environment.getPropertySources().addLast(new MapPropertySource("shard-jdbc-driver",
                Map.of(DRIVER, ShardDriver.class.getName())));
    }
}
