package io.shardjdbc.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test support itself: servers are found, shard databases are fresh, configs load. */
class ShardDatabasesTest {

    @ParameterizedTest
    @EnumSource(TestServers.Kind.class)
    void createsFreshDatabasesEachTimeAndUrlsReachThem(TestServers.Kind kind) throws Exception {
        TestServers.Server server = TestServers.get(kind);
        String prefix = "sjdbc_it_" + kind.tag() + "_support";
        ShardDatabases dbs = ShardDatabases.create(server, prefix, 3);
        assertThat(dbs.databases()).containsExactly(prefix + "_0", prefix + "_1", prefix + "_2");
        dbs.executeOnEach("CREATE TABLE leftover (id INT)", "INSERT INTO leftover VALUES (1)");
        for (int i = 0; i < 3; i++) {
            try (Connection c = dbs.connect(i); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(kind == TestServers.Kind.POSTGRESQL ? "SELECT current_database()" : "SELECT database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(prefix + "_" + i);
            }
        }

        ShardDatabases again = ShardDatabases.create(server, prefix, 3);
        try (Connection c = again.connect(1); Statement st = c.createStatement()) {
            // recreated: the table of the previous set is gone
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM leftover")).isInstanceOf(java.sql.SQLException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestServers.Kind.class)
    void writesAConfigTheRouterLoads(TestServers.Kind kind) throws Exception {
        ShardDatabases dbs = ShardDatabases.create(TestServers.get(kind), "sjdbc_it_" + kind.tag() + "_support_cfg", 2);
        ShardConfig config = ConfigLoader.load(dbs.writeConfig("tables:\n  t: { key: id, strategy: hash }\n"));
        assertThat(config.shards().keySet()).containsExactly("s0", "s1");
        assertThat(config.shards().get("s1").url()).isEqualTo(dbs.urls().get(1));
        assertThat(config.shards().get("s0").username()).isEqualTo(dbs.server().user());
        assertThat(config.tables()).containsKey("t");
    }

    @Test
    void replacesTheDatabaseOfAUrlAndKeepsItsParameters() {
        assertThat(TestServers.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "sjdbc_it_x_0"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/sjdbc_it_x_0");
        assertThat(TestServers.withDatabase("jdbc:mysql://127.0.0.1:3306/?useSSL=false&a=b", "sjdbc_it_x_1"))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/sjdbc_it_x_1?useSSL=false&a=b");
        assertThat(TestServers.withDatabase("jdbc:mysql://db:3306", "d")).isEqualTo("jdbc:mysql://db:3306/d");
        assertThat(TestServers.withDatabase("jdbc:postgresql://h/app?ssl=true", "d")).isEqualTo("jdbc:postgresql://h/d?ssl=true");
    }

    @Test
    void refusesPrefixesOutsideTheTestNamespace() {
        assertThatThrownBy(() -> ShardDatabases.create(TestServers.get(TestServers.Kind.POSTGRESQL), "app", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sjdbc_it_");
    }

    @Test
    void quotesYamlScalars() {
        assertThat(ShardDatabases.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(List.of(ShardDatabases.quote(""))).containsExactly("\"\"");
    }
}
