package io.shardjdbc.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shardjdbc.examples.boot.jpa.Customer;
import io.shardjdbc.examples.boot.jpa.CustomerRepository;
import io.shardjdbc.examples.boot.jpa.CustomerService;
import io.shardjdbc.examples.boot.jpa.Review;
import io.shardjdbc.examples.boot.jpa.ReviewRepository;
import io.shardjdbc.examples.boot.jpa.ShopApplication;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.jdbc.ShardConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * The shop (Spring Boot, Spring Data JPA, Flyway, HikariCP over {@code jdbc:shard:}) started once on 4 fresh shard
 * databases: its schema comes from its Flyway migrations through the driver, and its rows are checked in the shard
 * databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShopContract {
    private final TestServers.Kind kind;
    private ShardDatabases dbs;
    private ConfigurableApplicationContext shop;

    ShopContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void start() throws SQLException {
        dbs = ShardDatabases.create(TestServers.get(kind), ShardDatabases.PREFIX + kind.tag() + "_shop", 4);
        String config = dbs.writeConfig("pool: { maximum-pool-size: 4, connection-timeout: 2s }\n"
                + "tables:\n  customers: { key: customer_id, strategy: hash }\n"
                + "  reviews: { key: customer_id, strategy: hash, generated-id: { column: review_id } }\n").toString();
        // a command-line argument: it wins over the application's shop.properties
        shop = ShopApplication.builder().run("--spring.datasource.url=" + ShardDatabases.driverUrl(java.nio.file.Path.of(config)));
    }

    @AfterAll
    void stop() {
        if (shop != null) shop.close();
    }

    @Test
    void flywayCreatedTheSchemaOnEveryShard() throws SQLException {
        for (int s = 0; s < dbs.size(); s++) assertThat(count(s, "SELECT COUNT(*) FROM customers WHERE customer_id < 0")).isZero();
    }

    @Test
    void customersAreSavedOnTheirShardsAndPagedAcrossAll() throws SQLException {
        CustomerRepository customers = shop.getBean(CustomerRepository.class);
        for (long id = 1; id <= 30; id++) customers.save(new Customer(id, "customer " + id, (int) (id % 3)));
        assertThat(customers.findById(7L)).get().extracting(Customer::getName).isEqualTo("customer 7");
        Page<Customer> page = customers.findByTier(1, PageRequest.of(1, 4, Sort.by("id")));
        assertThat(page.getTotalElements()).isEqualTo(10);
        assertThat(page.getContent()).extracting(Customer::getId).containsExactly(13L, 16L, 19L, 22L);
        long onShards = 0;
        int shardsWithRows = 0;
        for (int s = 0; s < dbs.size(); s++) {
            long n = count(s, "SELECT COUNT(*) FROM customers WHERE customer_id BETWEEN 1 AND 30");
            onShards += n;
            if (n > 0) shardsWithRows++;
        }
        assertThat(onShards).isEqualTo(30);
        assertThat(shardsWithRows).isEqualTo(4);
    }

    @Test
    void identityIdsAreUniqueAcrossShards() throws SQLException {
        ReviewRepository reviews = shop.getBean(ReviewRepository.class);
        List<Long> ids = new ArrayList<>();
        for (long customer = 1; customer <= 20; customer++) ids.add(reviews.save(new Review(customer, 5)).getId());
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
        for (long id : ids) assertThat(reviews.findById(id)).as("review %d", id).isPresent();
        List<Long> stored = new ArrayList<>();
        int shardsWithRows = 0;
        for (int s = 0; s < dbs.size(); s++) {
            List<Long> here = ExampleShards.longs(dbs, s, "SELECT review_id FROM reviews");
            stored.addAll(here);
            if (!here.isEmpty()) shardsWithRows++;
        }
        assertThat(stored).as("ids in the shard databases").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(shardsWithRows).isEqualTo(4);
    }

    @Test
    void anUpdateBumpsTheVersionOnTheCustomersShard() throws SQLException {
        CustomerRepository customers = shop.getBean(CustomerRepository.class);
        customers.save(new Customer(501, "before", 0));
        Customer renamed = shop.getBean(CustomerService.class).rename(501, "after");
        assertThat(renamed.getVersion()).isEqualTo(1L);
        long total = 0;
        for (int s = 0; s < dbs.size(); s++) total += count(s, "SELECT COUNT(*) FROM customers WHERE customer_id = 501 AND name = 'after' AND version = 1");
        assertThat(total).isEqualTo(1);
    }

    @Test
    void aRefusalInsideTransactionalSurfacesItsOwnMessageAndThePoolKeepsItsConnections() throws Exception {
        DataSource ds = shop.getBean(DataSource.class);
        Set<ShardConnection> before = pooledConnections(ds);
        Throwable refused = catchThrowable(() -> shop.getBean(CustomerService.class).registerRenumbered(new Customer(601, "renumbered", 0)));
        assertThat(refused).hasMessageContaining("customer_id").hasMessageContaining("computed value")
                .hasMessageNotContaining("closed");
        assertThat(sqlState(refused)).isEqualTo("0AS01");
        assertThat(shop.getBean(CustomerRepository.class).findById(601L)).as("the transaction rolled back").isEmpty();
        assertThat(pooledConnections(ds)).as("the pool's logical connections after the refusal").isEqualTo(before);
    }

    /** Every logical connection of Boot's pool (all borrowed at once), by identity. */
    private static Set<ShardConnection> pooledConnections(DataSource ds) throws SQLException {
        List<Connection> held = new ArrayList<>();
        Set<ShardConnection> out = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        try {
            for (int i = 0; i < 12; i++) {
                Connection c = ds.getConnection();
                held.add(c);
                out.add(c.unwrap(ShardConnection.class));
            }
        } finally {
            for (Connection c : held) c.close();
        }
        return out;
    }

    private static String sqlState(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof SQLException e) return e.getSQLState();
        return null;
    }

    private long count(int shard, String sql) throws SQLException {
        return ExampleShards.count(dbs, shard, sql);
    }
}
