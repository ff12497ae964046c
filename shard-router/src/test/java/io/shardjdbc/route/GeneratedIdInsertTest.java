package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.GeneratedIdSpec;
import io.shardjdbc.sql.StatementAnalyzer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given a table with a generated id and an INSERT, the rewrite that carries the id and where the parameters go. */
class GeneratedIdInsertTest {
    private static final Map<String, GeneratedIdSpec> IDS = Map.of("orders",
            new GeneratedIdSpec("order_id", GeneratedIdSpec.Generator.SEQUENCE, 100));
    private static final StatementAnalyzer PG = new StatementAnalyzer(Dialect.POSTGRESQL);

    @Test
    void eachRowGetsAnIdMarkerAndTheApplicationsParametersMoveAfterThem() {
        GeneratedIdInsert g = GeneratedIdInsert.of("INSERT INTO orders (customer_id, note) VALUES (?, 'a?b'), (?, ?)", IDS, PG);
        assertThat(g.sql()).isEqualTo("INSERT INTO orders (customer_id, note, order_id) VALUES (?, 'a?b', ?), (?, ?, ?)");
        assertThat(g.parameters()).containsExactly(1, 3, 4);
        assertThat(g.idSlots()).containsExactly(2, 5);
    }

    @Test
    void aStatementWithoutParametersTakesTheIdsAsLiterals() {
        GeneratedIdInsert g = GeneratedIdInsert.of("INSERT INTO orders (customer_id) VALUES (1), (2) RETURNING order_id", IDS, PG);
        assertThat(g.withIds(new long[] {41, 42}))
                .isEqualTo("INSERT INTO orders (customer_id, order_id) VALUES (1, 41), (2, 42) RETURNING order_id");
    }

    @Test
    void insertsThatNameTheColumnOrOtherTablesOrNoColumnsAreLeftAsTheyAre() {
        assertThat(GeneratedIdInsert.of("INSERT INTO orders (order_id, customer_id) VALUES (?, ?)", IDS, PG)).isNull();
        assertThat(GeneratedIdInsert.of("INSERT INTO items (customer_id) VALUES (?)", IDS, PG)).isNull();
        assertThat(GeneratedIdInsert.of("INSERT INTO orders VALUES (?, ?)", IDS, PG)).isNull();
        assertThat(GeneratedIdInsert.of("INSERT INTO orders (customer_id) SELECT customer_id FROM customers", IDS, PG)).isNull();
        assertThat(GeneratedIdInsert.of("UPDATE orders SET customer_id = 1", IDS, PG)).isNull();
    }
}
