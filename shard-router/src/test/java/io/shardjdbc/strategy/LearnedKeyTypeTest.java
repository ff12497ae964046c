package io.shardjdbc.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under {@code key-type: auto} a string key is read as the key column stores it once the column's type
 * is learned: a string that is no number is refused for a numeric column (class 22, as the database
 * would refuse it) and a padded number is routed as the number stored. What was learned only ever
 * turns a refusal into an answer or an answer by text into a refusal of text a numeric column
 * cannot hold; a key routed before is routed the same.
 */
class LearnedKeyTypeTest {
    private final List<String> asked = new ArrayList<>();

    private HashPlacement learning(KeyType columnHolds) {
        return HashPlacement.initial(false, 64, KeyType.AUTO, new int[] {2, 3})
                .learningKeyType(new AutoKey("orders", "id", (table, column, shard) -> {
                    asked.add(table + "." + column + "@" + shard);
                    return columnHolds;
                }));
    }

    @Test
    void aStringThatIsNoNumberIsClass22ForANumericKeyColumn() {
        SQLException e = catchThrowableOfType(SQLException.class, () -> learning(KeyType.INTEGER).shardOf("abc"));
        assertThat(e.getSQLState()).isEqualTo("22018");
        assertThat(e.getMessage()).contains("abc");
        assertThat(asked).containsExactly("orders.id@2");
        assertThat(catchThrowableOfType(SQLException.class, () -> learning(KeyType.DECIMAL).shardOf("abc")).getSQLState())
                .isEqualTo("22018");
    }

    @Test
    void aStringANumericColumnReadsAsANumberIsRoutedByThatNumber() throws SQLException {
        HashPlacement p = learning(KeyType.INTEGER);
        assertThat(p.shardOf(" 08")).isEqualTo(p.shardOf(8L));
        assertThat(p.shardOf("42")).isEqualTo(p.shardOf(42L));
    }

    @Test
    void aTextKeyColumnRoutesStringsByTheirText() throws SQLException {
        HashPlacement p = learning(KeyType.STRING);
        HashPlacement unlearned = HashPlacement.initial(false, 64, KeyType.AUTO, new int[] {2, 3});
        assertThat(p.shardOf("abc")).isEqualTo(unlearned.shardOf("abc"));
        assertThat(p.shardOf("42")).isEqualTo(unlearned.shardOf("42"));
        assertThat(p.shardOf("007")).isEqualTo(HashPlacement.initial(false, 64, KeyType.STRING, new int[] {2, 3}).shardOf("007"));
    }

    @Test
    void anUnknownColumnTypeKeepsAutosRulesAndNumbersNeverAsk() throws SQLException {
        HashPlacement p = learning(KeyType.AUTO);
        assertThat(catchThrowableOfType(SQLException.class, () -> p.shardOf(" 08")).getSQLState()).isEqualTo("22023");
        assertThat(p.shardOf("abc")).isEqualTo(HashPlacement.initial(false, 64, KeyType.AUTO, new int[] {2, 3}).shardOf("abc"));
        asked.clear();
        p.shardOf(5L);
        assertThat(asked).as("numeric keys need no column type").isEmpty();
    }

    @Test
    void otherKeyTypesNeverAsk() throws SQLException {
        HashPlacement p = HashPlacement.initial(false, 64, KeyType.STRING, new int[] {0})
                .learningKeyType(new AutoKey("t", "k", (table, column, shard) -> {
                    throw new AssertionError("asked");
                }));
        assertThat(p.shardOf("abc")).isBetween(0, 0);
    }
}
