package io.shardjdbc.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.examples.boot.mybatis.CustomerTotal;
import io.shardjdbc.examples.boot.mybatis.Order;
import io.shardjdbc.examples.boot.mybatis.OrderBookApplication;
import io.shardjdbc.examples.boot.mybatis.OrderMapper;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** The order book (Spring Boot, MyBatis, Flyway, the starter's {@code spring.shard.config}) on 4 MariaDB shards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbOrderBookTest {
    private ShardDatabases dbs;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start() throws Exception {
        dbs = ShardDatabases.create(TestServers.get(TestServers.Kind.MYSQL), ShardDatabases.PREFIX + "my_orderbook", 4);
        String config = dbs.writeConfig("tables:\n  orders: { key: customer_id, strategy: hash }\n").toUri().toString();
        app = OrderBookApplication.builder().run("--spring.shard.config=" + config); // wins over orderbook.properties
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void theDataSourceIsTheStartersShardDataSource() {
        assertThat(app.getBean(DataSource.class)).isInstanceOf(ShardDataSource.class);
    }

    @Test
    void aForeachInsertIsSplitAcrossShardsAndReadBack() throws Exception {
        OrderMapper orders = app.getBean(OrderMapper.class);
        List<Order> batch = new ArrayList<>();
        for (long id = 1; id <= 24; id++) batch.add(new Order(id, id % 8, new BigDecimal("10.25")));
        assertThat(orders.insertAll(batch)).isEqualTo(24);
        assertThat(orders.ofCustomer(3)).extracting(Order::getOrderId).containsExactly(3L, 11L, 19L);
        List<CustomerTotal> totals = orders.totals();
        assertThat(totals).extracting(CustomerTotal::getCustomerId).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(totals).extracting(CustomerTotal::getTotal).allSatisfy(t -> assertThat(t).isEqualByComparingTo("30.75"));
        long[] each = ExampleShards.countEach(dbs, "SELECT COUNT(*) FROM orders");
        assertThat(Arrays.stream(each).sum()).as("rows in the shard databases").isEqualTo(24);
        assertThat(Arrays.stream(each).filter(n -> n > 0).count()).as("shards with some").isEqualTo(4);
    }
}
