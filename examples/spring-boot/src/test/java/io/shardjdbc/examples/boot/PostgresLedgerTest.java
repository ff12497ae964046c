package io.shardjdbc.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.examples.boot.jooq.Ledger;
import io.shardjdbc.examples.boot.jooq.LedgerApplication;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.math.BigDecimal;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** The ledger (Spring Boot, jOOQ, Flyway, the starter's {@code spring.shard.config}) on 4 PostgreSQL shards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLedgerTest {
    private ShardDatabases dbs;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start() throws Exception {
        dbs = ShardDatabases.create(TestServers.get(TestServers.Kind.POSTGRESQL), ShardDatabases.PREFIX + "pg_ledger", 4);
        String config = dbs.writeConfig("tables:\n  accounts: { key: account_id, strategy: hash }\n"
                + "  entries: { key: account_id, colocate: accounts, generated-id: { column: entry_id } }\n").toUri().toString();
        app = LedgerApplication.builder().run("--spring.shard.config=" + config); // wins over ledger.properties
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void entriesAreBookedWithReturningAndJoinedOnTheirAccountsShard() throws Exception {
        Ledger ledger = app.getBean(Ledger.class);
        for (long account = 1; account <= 8; account++) ledger.open(account, "owner " + account);
        long first = ledger.book(5, new BigDecimal("100.00"));
        long second = ledger.book(5, new BigDecimal("-30.50"));
        assertThat(second).as("ids the driver assigned, ascending").isGreaterThan(first);
        Record balance = ledger.balance(5);
        assertThat(balance.get("owner", String.class)).isEqualTo("owner 5");
        assertThat(balance.get("balance", BigDecimal.class)).isEqualByComparingTo("69.50");
        long[] accounts = ExampleShards.countEach(dbs, "SELECT COUNT(*) FROM accounts");
        long[] entries = ExampleShards.countEach(dbs, "SELECT COUNT(*) FROM entries");
        int shard = 0;
        while (entries[shard] == 0) shard++;
        assertThat(entries[shard]).as("both entries on one shard").isEqualTo(2);
        assertThat(ExampleShards.count(dbs, shard, "SELECT COUNT(*) FROM accounts WHERE account_id = 5"))
                .as("with their account").isEqualTo(1);
        assertThat(java.util.Arrays.stream(accounts).sum()).isEqualTo(8);
    }
}
