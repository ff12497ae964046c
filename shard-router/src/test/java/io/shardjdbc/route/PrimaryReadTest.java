package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which queries the router marks as reading the primary: row locks and the primary hint, nothing else. */
class PrimaryReadTest {
    private final Router router = new Router(Topologies.postgres(), 100);

    private boolean primary(String sql, Object... params) throws SQLException {
        return router.route(sql, Parameters.of(params)).primaryRead();
    }

    @Test
    void plainQueriesMayReadAReplica() throws SQLException {
        assertThat(primary("SELECT name FROM customer WHERE customer_id = ?", 1L)).isFalse();
        assertThat(primary("SELECT count(*) FROM customer")).isFalse();
        assertThat(primary("SELECT * FROM customer WHERE name = 'for update'")).isFalse();
    }

    @Test
    void rowLocksReadThePrimary() throws SQLException {
        assertThat(primary("SELECT name FROM customer WHERE customer_id = ? FOR UPDATE", 1L)).isTrue();
        assertThat(primary("SELECT name FROM customer WHERE customer_id = ? FOR SHARE", 1L)).isTrue();
        assertThat(primary("SELECT * FROM customer FOR UPDATE SKIP LOCKED")).isTrue();
    }

    @Test
    void thePrimaryHintReadsThePrimaryWithOrWithoutAShardHint() throws SQLException {
        assertThat(primary("/* primary */ SELECT name FROM customer WHERE customer_id = ?", 1L)).isTrue();
        assertThat(primary("SELECT /* primary */ count(*) FROM customer")).isTrue();
        assertThat(primary("/* shard: s1 */ /* primary */ SELECT 1")).isTrue();
        assertThat(primary("/* shard: s1 */ SELECT 1")).isFalse();
        assertThat(router.prepare("/* primary */ SELECT 1 FROM customer").routeToShard("s0", Parameters.NONE).primaryRead()).isTrue();
    }

    @Test
    void thePlanSaysSo() throws SQLException {
        assertThat(router.route("SELECT 1 FROM customer WHERE customer_id = 1 FOR UPDATE", Parameters.NONE).toString())
                .contains("on the primary");
    }
}
