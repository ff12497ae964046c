package io.shardjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML contract: every key of DESIGN.md's example, substitution, overrides, and errors that name the key. */
class ConfigLoaderTest {
    static final String CONTRACT = """
            shards:
              s0:
                url: jdbc:postgresql://db0:5432/app
                username: app
                password: ${APP_DB_PASSWORD}
                properties: { ssl: "true", sslmode: verify-full }
                pool: { maximum-pool-size: 4, connection-timeout: 2s }
              s1: { url: jdbc:postgresql://db1:5432/app, username: app, password: ${APP_DB_PASSWORD} }
            tables:
              customer:   { key: customer_id, strategy: hash }
              orders:     { key: customer_id, colocate: customer }
              countries:  { broadcast: true }
              sbtest:     { key: id, strategy: hash, function: mod, buckets: 2 }
              events:     { key: created_at, strategy: range,
                            ranges: [ { below: "2025-01-01", shard: s0 }, { shard: s1 } ] }
            reads:
              balancer: round-robin
              max-lag: 5s
              read-your-writes: session
            pool: { maximum-pool-size: 8 }
            transactions: single-shard
            """;

    private static ShardConfig parse(String yaml) {
        return ConfigLoader.parse("shards.yaml", yaml, Map.of(), name -> name.equals("APP_DB_PASSWORD") ? "s3cret" : null);
    }

    private static void fails(String yaml, String key, String reason) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.source()).isEqualTo("shards.yaml");
                    assertThat(c.key()).isEqualTo(key);
                    assertThat(c.reason()).contains(reason);
                    assertThat(c.getMessage()).startsWith("shards.yaml: " + key + ": ");
                });
    }

    @Test
    void replicasAndReadsLoad() {
        ShardConfig c = parse("""
                shards:
                  s0:
                    url: jdbc:postgresql://db0:5432/app
                    username: app
                    replicas: [ { url: "jdbc:postgresql://db0-r1:5432/app" },
                                { url: "jdbc:postgresql://db0-r2:5432/app", username: ro, password: x, weight: 3 } ]
                reads: { balancer: weighted-random, max-lag: 250ms, read-your-writes: none, lag-check-interval: 100ms }
                """);
        ShardSpec s0 = c.shards().get("s0");
        assertThat(s0.replicas()).extracting(ReplicaSpec::url, ReplicaSpec::username, ReplicaSpec::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jdbc:postgresql://db0-r1:5432/app", null, 1),
                org.assertj.core.groups.Tuple.tuple("jdbc:postgresql://db0-r2:5432/app", "ro", 3));
        assertThat(c.reads()).isEqualTo(new ReadsSpec("weighted-random", java.time.Duration.ofMillis(250), "none",
                java.time.Duration.ofMillis(100)));
        assertThat(parse(CONTRACT).reads()).isEqualTo(ReadsSpec.DEFAULT);
    }

    @Test
    void theContractExampleLoads() {
        ShardConfig c = parse(CONTRACT);
        assertThat(c.shards().keySet()).containsExactly("s0", "s1");
        assertThat(c.defaultShard()).isEqualTo("s0");
        assertThat(c.dialect()).isEqualTo(Dialect.POSTGRESQL);
        ShardSpec s0 = c.shards().get("s0");
        assertThat(s0.password()).isEqualTo("s3cret");
        assertThat(s0.properties()).containsEntry("sslmode", "verify-full");
        assertThat(s0.pool().maximumPoolSize()).isEqualTo(4);
        assertThat(s0.pool().connectionTimeout()).hasSeconds(2);
        assertThat(c.shards().get("s1").pool().maximumPoolSize()).isEqualTo(8);
        assertThat(c.tables().get("sbtest").function()).isEqualTo("mod");
        assertThat(c.tables().get("orders").colocate()).isEqualTo("customer");
        assertThat(c.tables().get("events").ranges()).hasSize(2);
        assertThat(c.transactions()).isEqualTo(ShardConfig.TransactionMode.SINGLE_SHARD);
        assertThat(s0.toString()).doesNotContain("s3cret");
    }

    @Test
    void atomicTransactionsAndTheirRecoveryInterval() {
        String shards = "shards: { s0: { url: jdbc:postgresql://a/b }, s1: { url: jdbc:postgresql://c/d } }\n";
        ShardConfig atomic = parse(shards + "transactions: atomic\ntransaction-recovery: 5s\n");
        assertThat(atomic.transactions()).isEqualTo(ShardConfig.TransactionMode.ATOMIC);
        assertThat(atomic.transactionRecovery()).hasSeconds(5);
        assertThat(parse(shards + "transaction-recovery: off\n").transactionRecovery()).isZero();
        assertThat(parse(shards).transactionRecovery()).hasSeconds(30);
    }

    @Test
    void secretsComeFromFilesAndDefaults(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "from-file\n");
        ShardConfig c = parse("""
                shards:
                  s0: { url: jdbc:mysql://h/db, username: "${DB_USER:-app}", password: "${file:%s}" }
                """.formatted(secret));
        assertThat(c.shards().get("s0").username()).isEqualTo("app");
        assertThat(c.shards().get("s0").password()).isEqualTo("from-file");
        assertThat(c.dialect()).isEqualTo(Dialect.MYSQL);
    }

    @Test
    void overridesReplaceKeysAndCredentials() {
        ShardConfig c = ConfigLoader.parse("shards.yaml", CONTRACT,
                Map.of("shards.s1.url", "jdbc:postgresql://other/app", "user", "admin", "password", "pw"), n -> "x");
        assertThat(c.shards().get("s1").url()).isEqualTo("jdbc:postgresql://other/app");
        assertThat(c.shards().values()).allSatisfy(s -> {
            assertThat(s.username()).isEqualTo("admin");
            assertThat(s.password()).isEqualTo("pw");
        });
    }

    @Test
    void javaBuilderMakesTheSameConfig() {
        ShardConfig c = ShardConfig.builder()
                .shard("s0", "jdbc:h2:mem:a", "sa", "")
                .shard("s1", "jdbc:h2:mem:b", "sa", "")
                .hashTable("customer", "customer_id", 1024)
                .colocatedTable("orders", "customer_id", "customer")
                .broadcastTable("countries")
                .modTable("sbtest", "id", 2)
                .rangeTable("events", "created_at", java.util.List.of(new RangeSpec("2025-01-01", "s0"), new RangeSpec(null, "s1")))
                .build();
        assertThat(c.dialect()).isEqualTo(Dialect.H2);
        assertThat(c.tables()).containsKeys("customer", "orders", "countries", "sbtest", "events");
    }

    @Test
    void errorsNameTheKeyAndTheReason() {
        fails("shards: {}", "shards", "at least one shard");
        fails("shards: { s0: { username: x } }", "shards.s0.url", "missing JDBC url");
        fails("shards: { s0: { url: jdbc:postgresql://a/b, pasword: x } }", "shards.s0.pasword", "unknown key");
        fails("shards: { s0: { url: 'jdbc:oracle:thin:@x' } }", "shards.s0.url", "cannot tell the database");
        fails("shards: { s0: { url: jdbc:postgresql://a/b }, s1: { url: jdbc:mysql://a/b } }", "shards.s1.url", "one dialect");
        String s = "shards: { s0: { url: jdbc:postgresql://a/b }, s1: { url: jdbc:postgresql://c/d } }\n";
        fails(s + "tables: { t: { strategy: hash } }", "tables.t.key", "missing shard key");
        fails(s + "tables: { t: { key: id, buckets: 0 } }", "tables.t.buckets", "between 1 and");
        fails(s + "tables: { t: { key: id, buckets: 1 } }", "tables.t.buckets", "cannot cover 2 shards");
        fails(s + "tables: { t: { key: id, function: crc } }", "tables.t.function", "hash or mod");
        fails(s + "tables: { t: { key: id, colocate: nope } }", "tables.t.colocate", "unknown table 'nope'");
        fails(s + "tables: { t: { key: id, strategy: range, ranges: [ { below: 10, shard: s0 }, { below: 5, shard: s1 } ] } }",
                "tables.t.ranges[1].below", "ranges overlap");
        fails(s + "tables: { t: { key: id, strategy: range, ranges: [ { shard: s0 }, { below: 5, shard: s1 } ] } }",
                "tables.t.ranges[0].below", "only the last range");
        fails(s + "tables: { t: { key: id, strategy: range, ranges: [ { shard: s9 } ] } }",
                "tables.t.ranges[0].shard", "unknown shard 's9'");
        fails(s + "tables: { t: { key: id, strategy: geo } }", "tables.t.region-column", "region");
        fails(s + "tables: { t: { key: id, strategy: directory } }", "tables.t.strategy", "metadata");
        fails(s + "tables: { a: { key: id, colocate: b }, b: { key: id, colocate: a } }", "tables.a.colocate", "cycle");
        fails(s + "transactions: sometimes", "transactions", "best-effort, single-shard or atomic");
        fails(s + "transaction-recovery: often", "transaction-recovery", "duration");
        fails("shards: { s0: { url: 'jdbc:h2:mem:a' } }\ntransactions: atomic", "transactions", "prepare a transaction");
        fails(s + "reads: { max-lag: soon }", "reads.max-lag", "duration");
        fails("shards: { s0: { url: jdbc:postgresql://a/b, password: '${NOPE}' } }", "shards.s0.password", "NOPE is not set");
        fails("shards: { s0: { url: jdbc:postgresql://a/b, replicas: [ { url: jdbc:mariadb://r/b } ] } }",
                "shards.s0.replicas[0].url", "same database as its primary (POSTGRESQL)");
        fails("shards: { s0: { url: jdbc:postgresql://a/b, replicas: [ { url: jdbc:postgresql://r/b, weight: 0 } ] } }",
                "shards.s0.replicas[0].weight", "at least 1");
        fails("shards: { s0: { url: jdbc:postgresql://a/b, replicas: [ { weight: 2 } ] } }",
                "shards.s0.replicas[0].url", "missing");
        fails(s + "reads: { balancer: random }", "reads.balancer", "round-robin, weighted-random or least-in-flight");
        fails(s + "reads: { read-your-writes: always }", "reads.read-your-writes", "session or none");
        fails(s + "reads: { lag-check-interval: 1ms }", "reads.lag-check-interval", "at least 10ms");
        fails(s + "metadata: { url: ftp://m/meta }", "metadata.url", "jdbc: URL or an http(s):// URL");
        fails(s + "metadata: { url: jdbc:postgresql://m/meta, refresh-interval: 1ms }", "metadata.refresh-interval", "at least 10ms");
        fails(s + "moves: { hold: -1s }", "moves.hold", "must not be negative");
        fails(s + "moves: { poll-interval: 0 }", "moves.poll-interval", "must be positive");
        fails(s + "moves: { wait: 1s }", "moves.wait", "unknown key");
    }

    @Test
    void movesHoldAndPollIntervalLoadWithDefaultsAndMetadataPollingCanBeSwitchedOff() {
        String s = "shards: { s0: { url: jdbc:postgresql://a/b } }\n";
        assertThat(parse(s).moves()).isEqualTo(MovesSpec.DEFAULT);
        assertThat(MovesSpec.DEFAULT.hold()).isEqualTo(java.time.Duration.ofSeconds(5));
        ShardConfig c = parse(s + "moves: { hold: 2s, poll-interval: 50ms }\n"
                + "metadata: { url: jdbc:postgresql://m/meta, refresh-interval: 0 }\n");
        assertThat(c.moves()).isEqualTo(new MovesSpec(java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(50)));
        assertThat(c.metadata().refreshInterval()).isZero();
        assertThat(c.withShards(c.shards().values()).moves()).as("kept when the store names the shards").isEqualTo(c.moves());
    }

    @Test
    void malformedYamlSaysWhereButNeverEchoesTheLine() {
        String yaml = """
                shards:
                  s0:
                    url: jdbc:postgresql://db0:5432/app
                    password: "Hunter2-Secret
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("shards.yaml: not valid YAML: ").contains("line 4")
                            .doesNotContain("Hunter2");
                    assertThat(e.getCause()).isNull(); // a stack trace would print the parser's own message
                });
        // a tab where YAML forbids one, on a password's line
        assertThatThrownBy(() -> parse("shards:\n  s0: { url: jdbc:h2:mem:x,\tpassword: Hunter2 }\n  \tbad"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("not valid YAML").doesNotContain("Hunter2"));
    }

    @Test
    void aValueInTheWrongPlaceIsNotEchoed() {
        assertThatThrownBy(() -> parse("password \"Hunter2-Secret\"")).isInstanceOf(ConfigException.class)
                .hasMessage("shards.yaml: expected a mapping (key: value), got a single value");
        fails("shards: Hunter2-Secret", "shards", "got a single value");
    }

    @Test
    void shardDefaultsGiveCredentialsPropertiesAndPoolToShardsOnlyTheStoreNamesAndTakeTheDriversUserAndPassword() {
        String yaml = """
                shards: { s0: { url: jdbc:postgresql://a/b, username: first } }
                pool: { maximum-pool-size: 7 }
                shard-defaults: { username: app, password: ${APP_DB_PASSWORD}, properties: { sslmode: require } }
                """;
        ShardSpec d = parse(yaml).shardDefaults();
        assertThat(d.url()).isNull();
        assertThat(d.username()).isEqualTo("app");
        assertThat(d.password()).isEqualTo("s3cret");
        assertThat(d.properties()).containsEntry("sslmode", "require");
        assertThat(d.pool().maximumPoolSize()).as("the default pool").isEqualTo(7);
        assertThat(parse("shards: { s0: { url: jdbc:postgresql://a/b } }").shardDefaults()).isNull();

        ShardConfig overridden = ConfigLoader.parse("shards.yaml", yaml, Map.of("user", "u", "password", "p"),
                name -> name.equals("APP_DB_PASSWORD") ? "s3cret" : null);
        assertThat(overridden.shardDefaults().username()).isEqualTo("u");
        assertThat(overridden.shardDefaults().password()).isEqualTo("p");
        fails("shards: { s0: { url: jdbc:postgresql://a/b } }\nshard-defaults: { url: jdbc:postgresql://c/d }",
                "shard-defaults.url", "unknown key");
    }
}
