package io.shardjdbc.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.spring.boot.observation.ShardObservations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application whose only DataSource is shard-jdbc, on 4 real shard databases: started once per class
 * from {@code spring.shard.config} (the config's {@code ${...}} resolved by Spring, one shard URL overridden by
 * {@code spring.shard.properties}), and once more through {@code spring.datasource.url=jdbc:shard:...} under Boot's
 * HikariCP pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StarterContract {
    private final TestServers.Kind kind;
    private ShardDatabases dbs;
    private ConfigurableApplicationContext app;
    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    StarterContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    /** The test application: everything else comes from auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @BeforeAll
    void start() throws SQLException {
        dbs = ShardDatabases.create(TestServers.get(kind), ShardDatabases.PREFIX + kind.tag() + "_boot", 4);
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        // s3's URL in the file is wrong on purpose: spring.shard.properties puts the right one in
        List<String> urls = new ArrayList<>(dbs.urls());
        urls.set(3, dbs.urls().get(0).replaceFirst("//[^/]+/", "//127.0.0.1:1/"));
        app = new SpringApplicationBuilder(App.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("observationRegistry", observations))
                .properties(Map.of(
                        "spring.shard.config", "file:" + config(urls, "${shard.user}", 4),
                        "spring.shard.properties.shards.s3.url", dbs.urls().get(3),
                        "shard.user", dbs.server().user(),
                        "spring.flyway.locations", "classpath:db/migration/{vendor}"))
                .run();
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    /** A config file: the shards at these URLs (user as given: a value or a placeholder), pools of {@code poolSize}. */
    private Path config(List<String> urls, String user, int poolSize) {
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int i = 0; i < urls.size(); i++) {
            yaml.append("  s").append(i).append(": { url: \"").append(urls.get(i)).append("\", username: \"").append(user)
                    .append("\", password: \"").append(dbs.server().password() == null ? "" : dbs.server().password()).append("\" }\n");
        }
        yaml.append("pool: { maximum-pool-size: ").append(poolSize).append(", connection-timeout: 2s }\n");
        yaml.append("tables:\n  items: { key: item_id, strategy: hash }\n");
        return dbs.writeConfigText(yaml.toString());
    }

    @Test
    void theDataSourceIsTheShardDataSourceWithNoPoolAroundIt() {
        assertThat(app.getBeansOfType(DataSource.class).values()).singleElement().isInstanceOf(ShardDataSource.class);
    }

    @Test
    void flywayMigratedEveryShardFromTheVendorsFolder() throws SQLException {
        for (int s = 0; s < 4; s++) {
            try (Connection c = dbs.connect(s); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
                assertThat(rs.next()).as("items on s%d", s).isTrue();
            }
        }
        try (Connection c = dbs.connect(0); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT script FROM flyway_schema_history WHERE success")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("V1__items.sql");
        }
    }

    @Test
    void rowsWrittenThroughJdbcTemplateLandOnTheirShards() throws SQLException {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        for (long id = 1; id <= 40; id++) jdbc.update("INSERT INTO items (item_id, name, price) VALUES (?, ?, 1.50)", id, "item-" + id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM items WHERE item_id <= 40", Long.class)).isEqualTo(40L);
        long direct = 0;
        int shardsWithRows = 0;
        for (int s = 0; s < 4; s++) {
            try (Connection c = dbs.connect(s); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items WHERE item_id <= 40")) {
                rs.next();
                direct += rs.getLong(1);
                if (rs.getLong(1) > 0) shardsWithRows++;
            }
        }
        assertThat(direct).as("rows in the shard databases").isEqualTo(40);
        assertThat(shardsWithRows).as("shards holding some of them").isEqualTo(4);
    }

    @Test
    void healthHasOneEntryPerShardAndEachIsUp() {
        HealthContributor shards = app.getBean("shardsHealthContributor", HealthContributor.class);
        for (String name : List.of("s0", "s1", "s2", "s3")) {
            Health h = ((HealthIndicator) ((CompositeHealthContributor) shards).getContributor(name)).health();
            assertThat(h.getStatus()).as("health of %s", name).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("shard", name);
        }
    }

    @Test
    void eachShardStatementIsObservedWithTheDatabaseConventions() {
        observations.clear();
        app.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM items", Long.class);
        String system = kind == TestServers.Kind.POSTGRESQL ? "postgresql" : "mysql";
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo(ShardObservations.SHARD_STATEMENT, 4)
                .hasObservationWithNameEqualTo(ShardObservations.EXECUTION).that()
                .hasLowCardinalityKeyValue("shardjdbc.shape", "multi-shard")
                .hasLowCardinalityKeyValue("db.operation.name", "SELECT");
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualToIgnoringCase(ShardObservations.SHARD_STATEMENT).that()
                .hasLowCardinalityKeyValue("db.system.name", system)
                .hasLowCardinalityKeyValue("server.address", "127.0.0.1")
                .hasLowCardinalityKeyValueWithKey("db.namespace")
                .hasLowCardinalityKeyValue("db.operation.name", "SELECT")
                .hasParentObservationContextMatching(parent -> parent.getName().equals(ShardObservations.EXECUTION));
        for (int s = 0; s < 4; s++) {
            assertThat(meters.get(ShardObservations.SHARD_STATEMENT).tag("shardjdbc.shard", "s" + s)
                    .tag("db.namespace", dbs.databases().get(s)).timer().count()).as("statement timer of s%d", s).isPositive();
        }
        assertThat(meters.get(ShardObservations.EXECUTION).tag("shardjdbc.shape", "multi-shard").timer().count()).isPositive();
    }

    @Test
    void poolMetersOfEachShardFollowMicrometersJdbcNames() {
        app.getBean("shardPoolMetrics", MeterBinder.class).bindTo(meters);
        for (String shard : List.of("s0", "s1", "s2", "s3")) {
            assertThat(meters.get("jdbc.connections.max").tag("name", shard).gauge().value()).isEqualTo(4.0);
            assertThat(meters.get("jdbc.connections.active").tag("name", shard).gauge().value()).isZero();
        }
    }

    @Test
    void theJdbcShardUrlWorksUnderBootsPoolOfMoreConnectionsThanEachShardHas() throws Exception {
        try (ConfigurableApplicationContext pooled = new SpringApplicationBuilder(App.class)
                .properties(Map.of(
                        "spring.datasource.url", ShardDatabases.driverUrl(config(dbs.urls(), dbs.server().user(), 4)),
                        "spring.datasource.hikari.maximum-pool-size", "12",
                        "spring.flyway.enabled", "false"))
                .run()) {
            DataSource ds = pooled.getBean(DataSource.class);
            assertThat(ds).isInstanceOf(HikariDataSource.class);
            assertThat(((HikariDataSource) ds).getDriverClassName()).isEqualTo("io.shardjdbc.ShardDriver");
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            // 12 threads hold 12 logical connections at once over shard pools of 4: a logical connection holds no
            // shard connection between statements
            int threads = 12;
            CountDownLatch allHold = new CountDownLatch(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Long>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long id = 1000 + t;
                    done.add(pool.submit(() -> {
                        try (Connection c = ds.getConnection()) {
                            allHold.countDown();
                            assertThat(allHold.await(30, TimeUnit.SECONDS)).as("every thread holds its connection").isTrue();
                            try (Statement st = c.createStatement()) {
                                st.executeUpdate("INSERT INTO items (item_id, name, price) VALUES (" + id + ", 'pooled', 2.00)");
                                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items WHERE name = 'pooled'")) {
                                    rs.next();
                                    return rs.getLong(1);
                                }
                            }
                        }
                    }));
                }
                for (Future<Long> f : done) assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
            } finally {
                pool.shutdownNow();
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM items WHERE name = 'pooled'", Long.class)).isEqualTo(12L);
            CompositeHealthContributor shards = (CompositeHealthContributor) pooled.getBean("shardsHealthContributor", HealthContributor.class);
            assertThat(((HealthIndicator) shards.getContributor("s2")).health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void healthGoesDownNamingAShardThatDoesNotAnswer() {
        List<String> urls = new ArrayList<>(dbs.urls());
        urls.set(2, dbs.urls().get(0).replaceFirst("//[^/]+/", "//127.0.0.1:1/"));
        try (ConfigurableApplicationContext down = new SpringApplicationBuilder(App.class)
                .properties(Map.of("spring.shard.config", "file:" + config(urls, dbs.server().user(), 2),
                        "spring.flyway.enabled", "false"))
                .run()) {
            CompositeHealthContributor shards = (CompositeHealthContributor) down.getBean("shardsHealthContributor", HealthContributor.class);
            Health s2 = ((HealthIndicator) shards.getContributor("s2")).health();
            assertThat(s2.getStatus()).isEqualTo(Status.DOWN);
            assertThat(s2.getDetails().get("error").toString()).contains("shard s2");
            assertThat(((HealthIndicator) shards.getContributor("s1")).health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
