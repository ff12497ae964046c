package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A shard hint chooses where a statement runs; it never switches off the checks that keep rows on
 * their shards, and text that is not one readable statement is refused with or without a hint.
 */
class HintGuardTest {
    private final Topology pg = Topologies.postgres();
    private final Topology mysql = Topologies.mysql();
    private final Router router = new Router(pg, 1000);
    private final Router myRouter = new Router(mysql, 1000);

    private SQLException refused(Router r, String sql, Object... params) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> r.route(sql, Parameters.of(params)));
        assertThat((Throwable) e).as("refusal of %s", sql).isNotNull();
        return e;
    }

    private SQLException refusedUnderSessionHint(String sql, String shard, Object... params) {
        SQLException e = catchThrowableOfType(SQLException.class,
                () -> router.prepare(sql).routeToShard(shard, Parameters.of(params)));
        assertThat((Throwable) e).as("refusal of %s under a session hint", sql).isNotNull();
        return e;
    }

    private int shardOf(Object key) throws SQLException {
        return ((ShardedTable) pg.table("customer")).placement().shardOf(key);
    }

    private String otherShardThan(Object key) throws SQLException {
        return pg.shardName((shardOf(key) + 1) % pg.shardCount());
    }

    @Test
    void aHintedUpdateOfTheShardKeyIsRefusedAsTheUnhintedOne() {
        SQLException e = refused(router, "/* shard: s0 */ UPDATE customer SET customer_id = 77777777 WHERE customer_id = 3");
        assertThat(e.getSQLState()).isEqualTo("0AS01");
        assertThat(e.getMessage()).contains("customer_id").contains("DELETE");
        assertThat(refusedUnderSessionHint("UPDATE customer SET customer_id = ? WHERE customer_id = ?", "s0", 7L, 3L)
                .getSQLState()).isEqualTo("0AS01");
    }

    @Test
    void aHintedStatementCalciteCannotReadIsStillCheckedByItsTokens() {
        // UPDATE ... FROM does not parse; the hint runs it, but not when it assigns a shard key
        String moves = "/* shard: s2 */ UPDATE orders SET customer_id = c.customer_id + 1 FROM customer c WHERE c.customer_id = orders.customer_id";
        assertThat(refused(router, moves).getSQLState()).isEqualTo("0AS01");
        assertThat(refused(router, "/* shard: s1 */ EXPLAIN ANALYZE UPDATE customer AS c SET c.customer_id = 5 WHERE name = 'x'")
                .getSQLState()).isEqualTo("0AS01");
        assertThat(refused(myRouter, "/* shard: s1 */ INSERT INTO customer (customer_id, name) SELECT 1, 'a' FROM dual "
                + "ON DUPLICATE KEY UPDATE customer_id = customer_id + 100").getSQLState()).isEqualTo("0AS01");
        // an INSERT into a sharded table that cannot be read: its rows' shards cannot be checked
        assertThat(refused(router, "/* shard: s1 */ WITH x AS (INSERT INTO customer (customer_id) VALUES (5) RETURNING 1) "
                + "SELECT * FROM x").getSQLState()).isEqualTo("0AS01");
    }

    @Test
    void anUpsertThatChangesTheKeyIsRefused() {
        SQLException e = refused(router, "INSERT INTO customer (customer_id, name) VALUES (?, ?) "
                + "ON CONFLICT (customer_id) DO UPDATE SET customer_id = excluded.customer_id + 1", 1L, "a");
        assertThat(e.getSQLState()).isEqualTo("0AS01");
        assertThat(e.getMessage()).contains("upsert").contains("customer_id");
    }

    @Test
    void aHintedInsertRunsOnlyWhereItsRowsBelong() throws SQLException {
        long key = 3;
        String own = pg.shardName(shardOf(key));
        RoutePlan p = router.route("/* shard: " + own + " */ INSERT INTO customer (customer_id, name) VALUES (?, 'a')",
                Parameters.of(key));
        assertThat(p.units()).extracting(RouteUnit::shardName).containsExactly(own);

        String other = otherShardThan(key);
        SQLException e = refused(router, "/* shard: " + other + " */ INSERT INTO customer (customer_id, name) VALUES (?, 'a')", key);
        assertThat(e.getSQLState()).isEqualTo("0AS01");
        assertThat(e.getMessage()).contains("customer_id = 3").contains("belongs on " + own).contains(other);
        assertThat(refusedUnderSessionHint("INSERT INTO customer (customer_id, name) VALUES (3, 'a')", other).getSQLState())
                .isEqualTo("0AS01");
        assertThat(router.prepare("INSERT INTO customer (customer_id, name) VALUES (3, 'a')")
                .routeToShard(own, Parameters.NONE).units()).extracting(RouteUnit::shardName).containsExactly(own);
    }

    @Test
    void aHintedInsertNamingSeveralShardsIsRefusedEvenWhenOneIsTheRowsOwn() throws SQLException {
        long key = 188;
        String own = pg.shardName(shardOf(key));
        String other = otherShardThan(key);
        // the text runs unchanged on each hinted shard, so the row would be stored on both
        SQLException e = refused(router, "INSERT INTO customer (customer_id, name) VALUES (188, 'u') /* shard: " + own + ", " + other + " */");
        assertThat(e.getSQLState()).isEqualTo("0AS01");
        assertThat(e.getMessage()).contains("customer").contains(own).contains(other).contains("one shard");
        assertThat(refused(myRouter, "INSERT INTO customer (customer_id, name) VALUES (188, 'u') ON DUPLICATE KEY UPDATE "
                + "/* shard: " + own + ", " + other + " */ name = 'x'").getSQLState()).isEqualTo("0AS01");
        assertThat(router.route("/* shard: " + own + ", " + own + " */ INSERT INTO customer (customer_id, name) VALUES (188, 'u')",
                Parameters.NONE).units()).as("a shard named twice is one shard").extracting(RouteUnit::shardName).containsExactly(own);
    }

    @Test
    void aHintedInsertWithoutAPlaceableKeyIsRefused() {
        assertThat(refused(router, "/* shard: s1 */ INSERT INTO customer (name) VALUES ('a')").getSQLState()).isEqualTo("23502");
        assertThat(refused(router, "/* shard: s1 */ INSERT INTO customer (customer_id, name) VALUES (random(), 'a')")
                .getSQLState()).isEqualTo("0AS01");
        assertThat(refused(router, "/* shard: s1 */ INSERT INTO customer (customer_id, name) SELECT customer_id, name FROM orders")
                .getSQLState()).isEqualTo("0AS01");
    }

    @Test
    void hintsStillRunWhatTheyAreFor() throws SQLException {
        String unreadable = "/* shard: s2 */ UPDATE orders SET status = 'X' FROM customer c WHERE c.customer_id = orders.customer_id";
        assertThat(router.route(unreadable, Parameters.NONE).units()).extracting(RouteUnit::shardName).containsExactly("s2");
        assertThat(router.route("/* shard: s1, s3 */ DELETE FROM customer WHERE name = ?", Parameters.of("x")).units())
                .extracting(RouteUnit::shardName).containsExactly("s1", "s3");
        assertThat(router.route("/* shards: s1 */ SELECT 1;", Parameters.NONE).units()).extracting(RouteUnit::shardName)
                .containsExactly("s1");
        assertThat(router.route("/* shard: s1 */ INSERT INTO audit (id, note) SELECT 1, 'x'", Parameters.NONE).units())
                .extracting(RouteUnit::shardName).containsExactly("s1");
    }

    @Test
    void aMalformedHintIsRefusedNotIgnored() {
        for (String hint : new String[] {"/* shard: */", "/* shard: s0/s1 */", "/* shard: s0, */", "/*shard=*/",
                "/* SHARD : ../s1 */"}) {
            SQLException e = refused(router, hint + " SELECT * FROM customer WHERE customer_id = 1");
            assertThat(e.getSQLState()).as(hint).startsWith("42");
            assertThat(e.getMessage()).as(hint).contains("shard hint").contains("/* shard: NAME */");
        }
        SQLException unknown = refused(router, "/* shard: s9 */ SELECT 1");
        assertThat(unknown.getSQLState()).isEqualTo("42000");
        assertThat(unknown.getMessage()).contains("s9").contains("s0");
        SQLException twoHints = refused(router, "/* shard: s1 */ SELECT 1 /* shard: s2 */");
        assertThat(twoHints.getMessage()).contains("disagree");
        assertThat((Throwable) catchThrowableOfType(SQLException.class,
                () -> router.prepare("/* shard: */ SELECT 1").routeToShard("s0", Parameters.NONE))).isNotNull();
    }

    @Test
    void textWithASecondStatementIsRefusedWithOrWithoutAHint() {
        for (String sql : new String[] {"SELECT 1; DELETE FROM customer", "/* shard: s0 */ SELECT 1; DELETE FROM customer",
                "COMMIT; DELETE FROM customer", "SET x = 1; DROP TABLE customer", "/* shard: s1 */ SELECT 1;; SELECT 2"}) {
            SQLException e = refused(router, sql);
            assertThat(e.getSQLState()).as(sql).isEqualTo("42601");
            assertThat(e.getMessage()).as(sql).contains("more than one statement");
        }
    }

    @Test
    void aMySqlRoutineBodyIsOneStatement() throws SQLException {
        RoutePlan p = myRouter.route("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", Parameters.NONE);
        assertThat(p.units()).isNotEmpty();
    }

    @Test
    void aNulCharacterIsRefusedBeforeAnythingIsSent() {
        for (String sql : new String[] {"SELECT * FROM customer WHERE name = 'a\0b'", "/* shard: s1 */ SELECT '\0'",
                "BEGIN\0", "SELECT 1 -- \0"}) {
            SQLException e = refused(router, sql);
            assertThat(e.getSQLState()).as(sql.replace('\0', '@')).isEqualTo("22021");
            assertThat(e.getMessage()).contains("NUL").doesNotContain("\0");
        }
    }
}
