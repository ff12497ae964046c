package io.shardjdbc.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A key value is hashed by what the key column stores: values a column would convert either hash
 * as the converted value or are refused with class 22, never hashed by the text sent.
 */
class KeyTypeTest {
    private static String refusal(KeyType type, Object value) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> type.canonical(value));
        assertThat((Throwable) e).as("%s refuses %s", type, value).isNotNull();
        assertThat(e.getSQLState()).startsWith("22");
        return e.getMessage();
    }

    @Test
    void aFractionIsRefusedForIntegerAndAutoKeysAndKeptForDecimalKeys() throws SQLException {
        assertThat(refusal(KeyType.AUTO, new BigDecimal("1.5"))).contains("key-type: decimal");
        assertThat(refusal(KeyType.AUTO, 2.5d)).contains("fraction");
        assertThat(refusal(KeyType.INTEGER, new BigDecimal("-3.25"))).contains("integer");
        assertThat(refusal(KeyType.INTEGER, "1.5")).contains("fraction");
        assertThat(KeyType.DECIMAL.canonical(new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(KeyType.AUTO.canonical(new BigDecimal("7.000"))).isEqualTo("7");
        assertThat(KeyType.AUTO.canonical(7.0d)).isEqualTo("7");
    }

    @Test
    void anAutoKeyStringThatANumericColumnWouldReadAsAnotherNumberIsRefused() throws SQLException {
        for (String s : new String[] {" 08", "08", "1.5", "1e3", "+4", "-0", "2.0", "007"}) {
            assertThat(refusal(KeyType.AUTO, s)).as(s).contains("key-type: string");
        }
        assertThat(KeyType.AUTO.canonical("42")).isEqualTo(KeyType.AUTO.canonical(42L));
        assertThat(KeyType.AUTO.canonical("-3")).isEqualTo("-3");
        assertThat(KeyType.AUTO.canonical("acme")).isEqualTo("acme");
        assertThat(KeyType.STRING.canonical(" 08")).isEqualTo(" 08");
        assertThat(KeyType.INTEGER.canonical(" 08")).isEqualTo("8");
    }

    @Test
    void booleansHashAsTheOneAndZeroMySqlStores() throws SQLException {
        assertThat(KeyType.AUTO.canonical(Boolean.TRUE)).isEqualTo(KeyType.AUTO.canonical(1L));
        assertThat(KeyType.INTEGER.canonical(Boolean.FALSE)).isEqualTo("0");
        assertThat(KeyType.integral(Boolean.TRUE)).isEqualTo(java.math.BigInteger.ONE);
    }

    @Test
    void hostileNumbersAreRefusedNotComputed() {
        assertThat(refusal(KeyType.AUTO, Double.NaN)).contains("finite");
        assertThat(refusal(KeyType.AUTO, Double.POSITIVE_INFINITY)).contains("finite");
        assertThat(refusal(KeyType.AUTO, new BigDecimal("1e999999999"))).contains("digits");
        assertThat(catchThrowableOfType(SQLException.class, () -> KeyType.integral("1e999999999")).getSQLState()).startsWith("22");
        assertThat(refusal(KeyType.INTEGER, "abc")).contains("abc");
    }
}
