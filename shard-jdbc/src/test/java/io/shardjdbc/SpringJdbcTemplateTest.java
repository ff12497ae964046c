package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** An unchanged JDBC client: Spring's JdbcTemplate doing CRUD over a jdbc:shard: URL. */
class SpringJdbcTemplateTest {
    @TempDir
    Path dir;
    private H2Shards shards;
    private String url;
    private JdbcTemplate jdbc;

    @BeforeEach
    void setUp() throws Exception {
        shards = new H2Shards(3);
        Path file = dir.resolve("shards.yaml");
        Files.writeString(file, shards.yaml("  customer: { key: id, buckets: 64 }\n  ledger: { key: customer_id, buckets: 64 }\n"));
        url = "jdbc:shard:" + file;
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        jdbc.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40), tier INT)");
        jdbc.execute("CREATE TABLE ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT, amount INT)");
    }

    @AfterEach
    void tearDown() throws SQLException {
        ((ShardDriver) DriverManager.getDriver(url)).closeRuntimes();
    }

    @Test
    void crudThroughJdbcTemplate() {
        for (long id = 1; id <= 30; id++) {
            assertThat(jdbc.update("INSERT INTO customer (id, name, tier) VALUES (?, ?, ?)", id, "c" + id, (int) (id % 3))).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT name FROM customer WHERE id = ?", String.class, 17L)).isEqualTo("c17");
        List<Long> all = jdbc.queryForList("SELECT id FROM customer", Long.class);
        assertThat(all).hasSize(30).doesNotHaveDuplicates();
        List<Map<String, Object>> some = jdbc.queryForList("SELECT id, name FROM customer WHERE id IN (?, ?, ?)", 2L, 11L, 29L);
        assertThat(some).extracting(m -> ((Number) m.get("ID")).longValue()).containsExactlyInAnyOrder(2L, 11L, 29L);

        assertThat(jdbc.update("UPDATE customer SET tier = ? WHERE id = ?", 9, 17L)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT tier FROM customer WHERE id = ?", Integer.class, 17L)).isEqualTo(9);
        assertThat(jdbc.update("UPDATE customer SET tier = 0")).isEqualTo(30);
        assertThat(jdbc.update("DELETE FROM customer WHERE id = ?", 17L)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT id FROM customer", Long.class)).hasSize(29);

        long total = 0;
        for (int i = 0; i < 3; i++) total += count(i);
        assertThat(total).isEqualTo(29);
    }

    @Test
    void batchUpdatesGeneratedKeysAndTranslatedErrors() {
        List<Object[]> rows = new ArrayList<>();
        for (long id = 100; id < 140; id++) rows.add(new Object[] {id, "b" + id, 1});
        int[] counts = jdbc.batchUpdate("INSERT INTO customer (id, name, tier) VALUES (?, ?, ?)", rows);
        assertThat(counts).hasSize(40).containsOnly(1);

        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO ledger (customer_id, amount) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, 105L);
            ps.setInt(2, 50);
            return ps;
        }, keys);
        assertThat(keys.getKey()).isNotNull();

        // the shard's duplicate-key error keeps its SQLState and vendor code, so Spring translates it
        assertThatThrownBy(() -> jdbc.update("INSERT INTO customer (id, name, tier) VALUES (?, ?, ?)", 100L, "dup", 1))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void springTransactionsSpanShardsAndRollBackTogether() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        JdbcTemplate tx = new JdbcTemplate(dataSource);
        TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        assertThatThrownBy(() -> template.executeWithoutResult(status -> {
            for (long id = 1; id <= 10; id++) tx.update("INSERT INTO customer (id, name, tier) VALUES (?, ?, 1)", id, "t" + id);
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(count(0) + count(1) + count(2)).isZero();

        template.executeWithoutResult(status -> {
            for (long id = 1; id <= 10; id++) tx.update("INSERT INTO customer (id, name, tier) VALUES (?, ?, 1)", id, "t" + id);
        });
        assertThat(count(0) + count(1) + count(2)).isEqualTo(10);
    }

    private long count(int shard) {
        try {
            return shards.count(shard, "SELECT COUNT(*) FROM customer");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
