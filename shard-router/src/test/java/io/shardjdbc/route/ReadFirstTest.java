package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.route.ReadFirst.Given;
import io.shardjdbc.route.ReadFirst.Produced;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given a write whose subqueries read other shards' rows: the reads the driver runs first, and the
 * write it then runs with what they produced.
 */
class ReadFirstTest {
    private final Topology pg = Topologies.postgres();
    private final Router router = new Router(pg, 1000);

    private ReadFirst reads(String sql) throws SQLException {
        RoutePlan p = router.route(sql, Parameters.NONE);
        assertThat(p.readFirst()).as("reads first: %s", sql).isNotNull();
        assertThat(p.units()).as("the write's units come from the rewritten statement").isEmpty();
        return p.readFirst();
    }

    private static List<Object> values(Object... v) {
        return new ArrayList<>(Arrays.asList(v));
    }

    @Test
    void anInSubqueryOverAnotherGroupBecomesAListOfItsValues() throws SQLException {
        ReadFirst r = reads("UPDATE customer SET name = 'x' WHERE customer_id IN (SELECT product_id FROM products WHERE price > 10)");
        assertThat(r.reads()).singleElement().satisfies(read -> {
            assertThat(read.use()).isEqualTo(ReadFirst.Use.IN);
            assertThat(read.select()).isEqualTo("SELECT product_id FROM products WHERE price > 10");
        });
        ReadFirst.Rewritten w = r.rewrite(List.of(values(3L, 8L)));
        assertThat(w.sql()).isEqualTo("UPDATE customer SET name = 'x' WHERE customer_id IN (?, ?)");
        assertThat(w.parameters()).containsExactly(new Produced(3L), new Produced(8L));
        RoutePlan rewritten = router.route(w.sql(), Parameters.of(3L, 8L));
        assertThat(rewritten.units()).as("the rewritten write routes by its keys").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void listsArePaddedToAPowerOfTwoSoFewTextsAreCached() throws SQLException {
        ReadFirst r = reads("DELETE FROM customer WHERE customer_id NOT IN (SELECT product_id FROM products)");
        ReadFirst.Rewritten w = r.rewrite(List.of(values(1L, 2L, 3L)));
        assertThat(w.sql()).endsWith("NOT IN (?, ?, ?, ?)");
        assertThat(w.parameters()).containsExactly(new Produced(1L), new Produced(2L), new Produced(3L), new Produced(3L));
    }

    @Test
    void anEmptyResultDecidesThePredicate() throws SQLException {
        assertThat(reads("DELETE FROM customer WHERE name = 'a' AND customer_id IN (SELECT product_id FROM products)")
                .rewrite(List.of(values())).sql()).isEqualTo("DELETE FROM customer WHERE name = 'a' AND (1 = 0)");
        assertThat(reads("DELETE FROM customer WHERE customer_id NOT IN (SELECT product_id FROM products)")
                .rewrite(List.of(values())).sql()).as("NOT IN of nothing holds for every row, NULL included")
                .isEqualTo("DELETE FROM customer WHERE (1 = 1)");
        assertThat(reads("DELETE FROM customer WHERE NOT EXISTS (SELECT 1 FROM products WHERE price > 100)")
                .rewrite(List.of(values(1))).sql()).isEqualTo("DELETE FROM customer WHERE NOT (1 = 1)");
    }

    @Test
    void theStatementsOwnParametersKeepTheirPlaceAroundTheValues() throws SQLException {
        String sql = "UPDATE customer SET name = ? WHERE email = ? AND customer_id IN (SELECT product_id FROM products "
                + "WHERE price > ?) AND country = ?";
        ReadFirst r = router.route(sql, Parameters.of("n", "e", 5, "de")).readFirst();
        assertThat(r.reads().get(0).parameters()).containsExactly(3);
        ReadFirst.Rewritten w = r.rewrite(List.of(values(7L)));
        assertThat(w.sql()).isEqualTo("UPDATE customer SET name = ? WHERE email = ? AND customer_id IN (?) AND country = ?");
        assertThat(w.parameters()).containsExactly(new Given(1), new Given(2), new Produced(7L), new Given(4));
    }

    @Test
    void aScalarSubqueryBecomesItsValueAndNullWithoutRows() throws SQLException {
        ReadFirst r = reads("UPDATE customer SET name = (SELECT max(name) FROM products) WHERE customer_id = 4");
        assertThat(r.reads()).singleElement().extracting(ReadFirst.Read::use).isEqualTo(ReadFirst.Use.SCALAR);
        assertThat(r.rewrite(List.of(values("z"))).sql()).isEqualTo("UPDATE customer SET name = (?) WHERE customer_id = 4");
        assertThat(r.rewrite(List.of(values())).parameters()).containsExactly(new Produced(null));
    }

    @Test
    void anInsertSelectBecomesValuesRows() throws SQLException {
        ReadFirst r = reads("INSERT INTO orders (order_id, customer_id, total) SELECT product_id, product_id, price FROM products "
                + "ON CONFLICT DO NOTHING");
        assertThat(r.reads()).singleElement().extracting(ReadFirst.Read::use).isEqualTo(ReadFirst.Use.ROWS);
        ReadFirst.Rewritten w = r.rewriteRows(List.of(new Object[] {1L, 1L, 9}, new Object[] {2L, 2L, 8}));
        assertThat(w.sql()).isEqualTo("INSERT INTO orders (order_id, customer_id, total) VALUES (?, ?, ?), (?, ?, ?) "
                + "ON CONFLICT DO NOTHING");
        assertThat(w.parameters()).hasSize(6).first().isEqualTo(new Produced(1L));
    }

    @Test
    void subqueriesTiedByTheShardKeyStayWhereTheyAre() throws SQLException {
        RoutePlan p = router.route("DELETE FROM orders WHERE customer_id IN (SELECT customer_id FROM customer WHERE email IS NULL)",
                Parameters.NONE);
        assertThat(p.readFirst()).isNull();
        assertThat(p.units()).hasSize(4);
    }

    @Test
    void aSubqueryOverBroadcastTablesStaysAndOnlyTheShardedOneIsRead() throws SQLException {
        ReadFirst r = reads("UPDATE customer SET name = 'x' WHERE country IN (SELECT code FROM countries) "
                + "AND customer_id IN (SELECT product_id FROM products)");
        assertThat(r.reads()).singleElement().extracting(ReadFirst.Read::select).isEqualTo("SELECT product_id FROM products");
        assertThat(r.rewrite(List.of(values(1L))).sql())
                .isEqualTo("UPDATE customer SET name = 'x' WHERE country IN (SELECT code FROM countries) AND customer_id IN (?)");
    }

    @Test
    void aWhereWhoseSubqueryRefersToTheWrittenRowRunsAsAQueryOfTheRowsItChooses() throws SQLException {
        ReadFirst r = reads("DELETE FROM customer c WHERE c.email = ? AND EXISTS (SELECT 1 FROM products p "
                + "WHERE p.name = c.name) AND c.country IN (SELECT code FROM countries)");
        ReadFirst.Read keys = r.keysRead();
        assertThat(r.reads()).containsExactly(keys);
        assertThat(keys.parameters()).containsExactly(1);
        assertThat(r.keysSelect(keys, List.of("customer_id"))).isEqualTo("SELECT customer_id FROM customer c WHERE c.email = ? "
                + "AND EXISTS (SELECT 1 FROM products p WHERE p.name = c.name) AND c.country IN (SELECT code FROM countries)");
        ReadFirst.Rewritten w = r.rewrite(List.of(values()), new ReadFirst.KeyRows(List.of("customer_id"),
                List.of(new Object[] {4L}, new Object[] {9L})));
        assertThat(w.sql()).isEqualTo("DELETE FROM customer c WHERE (customer_id IN (?, ?))");
        assertThat(w.parameters()).containsExactly(new Produced(4L), new Produced(9L));
    }

    @Test
    void theChosenRowsAreWrittenOnTheirShardsByShardKeyAndPrimaryKey() throws SQLException {
        ReadFirst r = reads("UPDATE orders o SET total = 0 WHERE o.total > (SELECT MAX(p.price) FROM products p "
                + "WHERE p.product_id = o.customer_id)");
        assertThat(r.keysSelect(r.keysRead(), List.of("order_id"))).startsWith("SELECT order_id, customer_id FROM orders o WHERE ");
        ReadFirst.Rewritten w = r.rewrite(List.of(values()), new ReadFirst.KeyRows(List.of("order_id"),
                List.of(new Object[] {10L, 1L}, new Object[] {11L, 1L}, new Object[] {12L, 2L})));
        assertThat(w.sql()).isEqualTo("UPDATE orders o SET total = 0 WHERE (customer_id IN (?, ?) AND order_id IN (?, ?, ?, ?))");
        assertThat(w.parameters()).containsExactly(new Produced(1L), new Produced(2L), new Produced(10L), new Produced(11L),
                new Produced(12L), new Produced(12L));
        assertThat(router.route(w.sql(), Parameters.of(1L, 2L, 10L, 11L, 12L, 12L)).units())
                .as("to the shards of the rows' keys only").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aSubqueryInSetThatRefersToTheWrittenRowCannotBeReadFirst() {
        assertThatThrownBy(() -> router.route("UPDATE customer c SET name = (SELECT MAX(p.name) FROM products p "
                + "WHERE p.product_id = c.customer_id)", Parameters.NONE))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasFieldOrPropertyWithValue("SQLState", "0AS01");
    }
}
