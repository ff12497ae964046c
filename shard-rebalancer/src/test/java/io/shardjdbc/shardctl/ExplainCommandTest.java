package io.shardjdbc.shardctl;

import static io.shardjdbc.shardctl.Ctl.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardctl explain}: given a config and a statement with its parameters, the shards and SQL
 * the driver would use. Routing needs no database: the shards here do not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path config;
    private Topology topology;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        config = dir.resolve("shards.yaml");
        Files.writeString(config, """
                shards:
                  s0: { url: 'jdbc:postgresql://127.0.0.1:1/nowhere0' }
                  s1: { url: 'jdbc:postgresql://127.0.0.1:1/nowhere1' }
                tables:
                  orders: { key: id, strategy: hash, buckets: 8 }
                  events: { key: event_id, strategy: range, ranges: [ { below: 1000, shard: s0 }, { shard: s1 } ] }
                """);
        topology = Topology.of(ConfigLoader.load(config));
    }

    @Test
    void aPointStatementGoesToItsKeysShardUnchanged() throws Exception {
        int home = ((ShardedTable) topology.table("orders")).placement().shardOf(42L);
        Ctl.Run r = run("--config", config.toString(), "explain", "SELECT item FROM orders WHERE id = ?", "--param", "42");
        assertThat(r.code()).as(r.err()).isEqualTo(ShardCtl.OK);
        assertThat(r.out()).startsWith("QUERY on 1 shard(s)").contains("s" + home).contains("SELECT item FROM orders WHERE id = ?");
        JsonNode j = JSON.readTree(run("--config", config.toString(), "--json", "explain",
                "SELECT item FROM orders WHERE id = ?", "-p", "42").out());
        assertThat(j.get("kind").asText()).isEqualTo("QUERY");
        assertThat(j.get("shards")).hasSize(1);
        assertThat(j.get("shards").get(0).get("shard").asText()).isEqualTo("s" + home);
        assertThat(j.get("params").get(0).asText()).isEqualTo("42");
        assertThat(j.get("primitives").asText()).isEqualTo("Route on s" + home);
        assertThat(r.out()).contains("primitives:\n  Route on s" + home);
    }

    @Test
    void aRangeGoesToTheRangesItMeetsAndAnAggregateOverEveryShardMerges() throws Exception {
        JsonNode range = JSON.readTree(run("--config", config.toString(), "--json", "explain",
                "SELECT * FROM events WHERE event_id BETWEEN ? AND ?", "-p", "1500", "-p", "1600").out());
        assertThat(range.get("shards")).singleElement().satisfies(u -> assertThat(u.get("shard").asText()).isEqualTo("s1"));
        Ctl.Run agg = run("--config", config.toString(), "explain", "SELECT COUNT(*) FROM orders");
        assertThat(agg.code()).as(agg.err()).isEqualTo(ShardCtl.OK);
        assertThat(agg.out()).startsWith("QUERY on 2 shard(s), merge:");
    }

    @Test
    void aStatementTheDriverRefusesExitsOneWithItsReason() throws Exception {
        Ctl.Run r = run("--config", config.toString(), "explain", "UPDATE orders SET id = 5 WHERE id = 1");
        assertThat(r.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err()).startsWith("shardctl: ").contains("changes its shard key id").contains("[SQLState 0AS01]");
        Ctl.Run unknown = run("--config", config.toString(), "explain", "SELEC id FROM orders");
        assertThat(unknown.out()).as("what the driver cannot read goes to the default shard, whose database answers")
                .startsWith("OTHER on 1 shard(s)").contains("s0: SELEC id FROM orders");
        Ctl.Run missing = run("--config", config.toString(), "explain", "SELECT item FROM orders WHERE id = ?");
        assertThat(missing.code()).isEqualTo(ShardCtl.ERROR);
        assertThat(missing.err()).contains("1 ? marker(s) and 0 --param value(s)");
    }

    @Test
    void parametersAreTypedAsAnApplicationWouldBindThem() {
        assertThat(ExplainCommand.value("42")).isEqualTo(42L);
        assertThat(ExplainCommand.value("-1.5")).isEqualTo(new BigDecimal("-1.5"));
        assertThat(ExplainCommand.value("'42'")).isEqualTo("42");
        assertThat(ExplainCommand.value("NULL")).isNull();
        assertThat(ExplainCommand.value("acme")).isEqualTo("acme");
        assertThat(ExplainCommand.value("99999999999999999999")).isEqualTo(new BigDecimal("99999999999999999999"));
    }


}
