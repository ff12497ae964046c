package io.shardjdbc.mergeplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.Dialect;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import org.junit.jupiter.api.Test;

/** The SQL value rules the merge applies, as the differential tests found the databases apply them. */
class SqlValuesTest {
    @Test
    void stringsOrderByCodePointLikeUtf8BytesNotByUtf16() {
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF46 in C/C.UTF-8 collations and in UTF-8 bytes
        String emoji = "\uD83D\uDE00 smile", fullwidth = "\uFF46ull";
        assertThat(emoji.compareTo(fullwidth)).as("Java's UTF-16 order").isNegative();
        assertThat(SqlValues.compare(emoji, fullwidth)).isPositive();
        assertThat(Integer.signum(SqlValues.compare(emoji, fullwidth)))
                .isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(emoji.getBytes(StandardCharsets.UTF_8),
                        fullwidth.getBytes(StandardCharsets.UTF_8))));
        assertThat(SqlValues.compare("ab", "abc")).isNegative();
        assertThat(SqlValues.compare("B", "a")).isNegative();
    }

    @Test
    void collatedStringsOrderAndGroupByTheirWeight() {
        CollatedString lower = new CollatedString("alice", new byte[] {0, 0x41});
        CollatedString upper = new CollatedString("ALICE", new byte[] {0, 0x41});
        CollatedString bob = new CollatedString("Bob", new byte[] {0, 0x42});
        assertThat(SqlValues.compare(lower, upper)).isZero();
        assertThat(SqlValues.groupKey(lower)).isEqualTo(SqlValues.groupKey(upper));
        assertThat(SqlValues.compare(bob, lower)).isPositive();
        assertThat(CollatedString.unwrap(upper)).isEqualTo("ALICE");
        assertThat(CollatedString.of(5, new byte[] {1})).as("numbers stay numbers").isEqualTo(5);
    }

    @Test
    void comparingACollatedStringWithAPlainOneIsRefused() {
        Expr cmp = new Expr.Compare(">", new Expr.Const(new CollatedString("a", new byte[] {1})), new Expr.Const("b"));
        assertThatThrownBy(() -> cmp.eval(new Object[0], new Object[0])).isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void integerArithmeticKeepsTheDatabasesIntegerType() throws SQLException {
        assertThat(SqlValues.arithmetic('+', 3, 1, Dialect.POSTGRESQL)).isEqualTo(4);
        assertThat(SqlValues.arithmetic('+', 3L, 1, Dialect.POSTGRESQL)).isEqualTo(4L);
        assertThat(SqlValues.arithmetic('/', 7, 2, Dialect.POSTGRESQL)).isEqualTo(3);
        assertThat(SqlValues.arithmetic('%', 1818L, 7, Dialect.POSTGRESQL)).isEqualTo(5L);
        assertThat(SqlValues.arithmetic('+', 3, 1L, Dialect.MYSQL)).isEqualTo(4L);
        assertThat(SqlValues.arithmetic('*', new BigDecimal("6710"), 2L, Dialect.MYSQL)).isEqualTo(new BigDecimal("13420"));
        assertThat(SqlValues.negate(8, Dialect.POSTGRESQL)).isEqualTo(-8);
        assertThat(SqlValues.negate(new BigDecimal("6710"), Dialect.MYSQL)).isEqualTo(new BigDecimal("-6710"));
        assertThatThrownBy(() -> SqlValues.arithmetic('*', Integer.MAX_VALUE, 2, Dialect.POSTGRESQL))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("integer out of range");
    }

    @Test
    void mySqlDivisionScaleIsTheDividendsPlusFour() throws SQLException {
        assertThat(SqlValues.arithmetic('/', new BigDecimal("167050.44"), 455L, Dialect.MYSQL)).isEqualTo(new BigDecimal("367.143824"));
        assertThat(SqlValues.arithmetic('/', 9L, 2L, Dialect.MYSQL)).isEqualTo(new BigDecimal("4.5000"));
    }
}
