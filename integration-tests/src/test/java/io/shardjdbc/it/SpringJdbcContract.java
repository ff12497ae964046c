package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An unchanged JDBC client works: Spring's JdbcTemplate, NamedParameterJdbcTemplate and
 * TransactionTemplate run CRUD through a plain {@code jdbc:shard:} URL found by
 * {@link DriverManager} (the driver registers itself), and through {@code ShardDataSource}.
 */
abstract class SpringJdbcContract extends ShardContract {

    SpringJdbcContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "spring";
    }

    /** A data source built from nothing but the URL, the way an application configures one. */
    private SimpleDriverDataSource urlDataSource() throws Exception {
        String url = ShardDatabases.driverUrl(dbs.writeConfig(Schema.TABLES));
        SimpleDriverDataSource d = new SimpleDriverDataSource();
        d.setDriver(DriverManager.getDriver(url));
        d.setUrl(url);
        return d;
    }

    @Test
    void crudThroughJdbcTemplateOnAShardUrl() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(urlDataSource());
        for (long id = 1; id <= 100; id++) {
            assertThat(jdbc.update("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)", id, "spring-" + id, (int) (id % 3)))
                    .isEqualTo(1);
        }
        List<Object[]> batch = new ArrayList<>();
        for (long id = 101; id <= 200; id++) batch.add(new Object[] {id, "spring-" + id, (int) (id % 3)});
        int[] counts = jdbc.batchUpdate("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)", batch);
        assertThat(counts).hasSize(100);

        for (long id = 1; id <= 200; id++) {
            assertThat(jdbc.queryForObject("SELECT name FROM customers WHERE customer_id = ?", String.class, id)).isEqualTo("spring-" + id);
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT customer_id, name, tier FROM customers WHERE customer_id = ?", 77L);
        assertThat(row).containsEntry("name", "spring-77");
        assertThat(((Number) row.get("tier")).intValue()).isEqualTo(77 % 3);

        List<Long> ids = jdbc.query("SELECT customer_id FROM customers WHERE customer_id IN (?, ?, ?)",
                (rs, n) -> rs.getLong(1), 5L, 50L, 150L);
        assertThat(ids).containsExactlyInAnyOrder(5L, 50L, 150L);
        assertThat(jdbc.queryForList("SELECT customer_id FROM customers WHERE customer_id <= 200", Long.class)).hasSize(200);

        assertThat(jdbc.update("UPDATE customers SET name = ? WHERE customer_id = ?", "renamed", 42L)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT name FROM customers WHERE customer_id = ?", String.class, 42L)).isEqualTo("renamed");
        assertThat(jdbc.update("DELETE FROM customers WHERE customer_id = ?", 43L)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT name FROM customers WHERE customer_id = ?", String.class, 43L)).isEmpty();

        // and the rows are where the router says, read straight from the shards
        Map<Object, Integer> where = locate("customers", "customer_id");
        assertThat(where.keySet().stream().filter(id -> (Long) id <= 200)).hasSize(199);
        for (long id = 1; id <= 200; id += 9) {
            if (id == 43) continue;
            assertThat(where.get(id)).isEqualTo(shardOf("SELECT name FROM customers WHERE customer_id = ?", id));
        }
    }

    @Test
    void aClasspathConfigWithOverridesFromConnectionProperties() throws Exception {
        java.util.Properties props = new java.util.Properties();
        for (int i = 0; i < dbs.size(); i++) props.setProperty("shards." + name(i) + ".url", dbs.urls().get(i));
        props.setProperty("user", dbs.server().user());
        props.setProperty("password", dbs.server().password());
        String url = "jdbc:shard:classpath:it-classpath-shards.yaml";
        SimpleDriverDataSource source = new SimpleDriverDataSource(DriverManager.getDriver(url), url, props);
        JdbcTemplate jdbc = new JdbcTemplate(source);
        for (long id = 700; id < 720; id++) {
            jdbc.update("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, 0)", id, "cp-" + id);
        }
        jdbc.update("INSERT INTO countries (code, name) VALUES ('CP', 'classpath')");
        assertThat(jdbc.queryForObject("SELECT name FROM customers WHERE customer_id = ?", String.class, 711L)).isEqualTo("cp-711");
        // the classpath config places rows exactly like the file config with the same tables
        Map<Object, Integer> where = locate("customers", "customer_id");
        for (long id = 700; id < 720; id++) {
            assertThat(where.get(id)).as("customer %d", id).isEqualTo(shardOf("SELECT name FROM customers WHERE customer_id = ?", id));
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directColumn(s, "SELECT name FROM countries WHERE code = 'CP'")).as("s%d", s).containsExactly("classpath");
        }
    }

    @Test
    void databaseErrorsKeepTheirMeaningThroughTheDriver() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)", 5000L, "dup", 1);
        // the shard's own SQLState (23xxx) reaches Spring, which translates it as for a plain database
        assertThatThrownBy(() -> jdbc.update("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)", 5000L, "dup", 1))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.queryForObject("SELECT name FROM customers WHERE customer_id = ?", String.class, 5001L))
                .isInstanceOf(org.springframework.dao.EmptyResultDataAccessException.class);
    }

    @Test
    void namedParametersAndTransactionTemplateThroughShardDataSource() {
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        tx.executeWithoutResult(status -> {
            for (long id = 1000; id < 1010; id++) {
                named.update("INSERT INTO orders (order_id, customer_id, amount) VALUES (:id, :customer, :amount)",
                        new MapSqlParameterSource().addValue("id", id).addValue("customer", id).addValue("amount", new java.math.BigDecimal("9.50")));
            }
        });
        assertThat(named.queryForList("SELECT order_id FROM orders WHERE customer_id IN (:ids)",
                new MapSqlParameterSource("ids", List.of(1000L, 1005L, 1009L)), Long.class)).containsExactlyInAnyOrder(1000L, 1005L, 1009L);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            named.update("INSERT INTO orders (order_id, customer_id, amount) VALUES (:id, :id, 1)", Map.of("id", 2000L));
            named.update("INSERT INTO orders (order_id, customer_id, amount) VALUES (:id, :id, 1)", Map.of("id", 2001L));
            throw new IllegalStateException("roll it back");
        })).hasMessage("roll it back");
        assertThat(named.queryForList("SELECT order_id FROM orders WHERE customer_id IN (:ids)",
                Map.of("ids", List.of(2000L, 2001L)), Long.class)).isEmpty();
        assertThat(named.queryForObject("SELECT amount FROM orders WHERE customer_id = :c", Map.of("c", 1003L), java.math.BigDecimal.class))
                .isEqualByComparingTo("9.50");
    }
}
