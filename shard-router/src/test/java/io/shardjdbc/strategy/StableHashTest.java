package io.shardjdbc.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The key to bucket function never changes: these golden values were computed outside Java
 * (MD5 of the canonical text, first 4 bytes, unsigned, mod 1024), as PostgreSQL or MySQL would.
 */
class StableHashTest {
    private static int bucket(KeyType type, Object key) throws SQLException {
        return StableHash.bucket(type.canonical(key), 1024);
    }

    @Test
    void goldenValuesForIntsAndLongs() throws SQLException {
        assertThat(bucket(KeyType.AUTO, 0)).isEqualTo(132);
        assertThat(bucket(KeyType.AUTO, 1)).isEqualTo(568);
        assertThat(bucket(KeyType.AUTO, 5)).isEqualTo(895);
        assertThat(bucket(KeyType.AUTO, -5L)).isEqualTo(37);
        assertThat(bucket(KeyType.AUTO, 42L)).isEqualTo(744);
        assertThat(bucket(KeyType.AUTO, Long.MAX_VALUE)).isEqualTo(805);
        assertThat(StableHash.hash32("42")).isEqualTo(2714814184L);
    }

    @Test
    void goldenValuesForStringsAndUuids() throws SQLException {
        assertThat(bucket(KeyType.AUTO, "alice")).isEqualTo(690);
        assertThat(bucket(KeyType.AUTO, "Zürich")).isEqualTo(538);
        UUID u = UUID.fromString("0b6b7a3c-1c1e-4a2b-9f6e-2d5f1c3e4a5b");
        assertThat(bucket(KeyType.AUTO, u)).isEqualTo(940);
        assertThat(bucket(KeyType.UUID, "0B6B7A3C-1C1E-4A2B-9F6E-2D5F1C3E4A5B")).isEqualTo(940);
        assertThat(bucket(KeyType.AUTO, java.time.LocalDate.of(2025, 1, 1))).isEqualTo(508);
    }

    @Test
    void valuesTheDatabaseTreatsAsEqualHashEqually() throws SQLException {
        for (Object five : new Object[] {5, 5L, (short) 5, (byte) 5, BigInteger.valueOf(5), new BigDecimal("5"),
                new BigDecimal("5.000"), 5.0d, "5"}) {
            assertThat(bucket(KeyType.AUTO, five)).as("%s (%s)", five, five.getClass().getSimpleName()).isEqualTo(895);
        }
        assertThat(bucket(KeyType.INTEGER, " 05 ")).isEqualTo(895);
        assertThat(bucket(KeyType.DECIMAL, "5.0")).isEqualTo(895);
    }

    @Test
    void aNumericKeyTypeRejectsText() {
        assertThatThrownBy(() -> bucket(KeyType.INTEGER, "abc")).isInstanceOf(SQLDataException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22018");
    }

    @Test
    void modPlacementIsFloorModInOrder() throws SQLException {
        HashPlacement p = HashPlacement.initial(true, 4, KeyType.INTEGER, new int[] {0, 1, 2, 3});
        assertThat(p.shardOf(10)).isEqualTo(2);
        assertThat(p.shardOf(-1L)).isEqualTo(3);
        assertThat(p.shardOf("7")).isEqualTo(3);
        assertThat(p.shardOf(new BigInteger("100000000000000000001"))).isEqualTo(1);
        assertThatThrownBy(() -> p.shardOf(new BigDecimal("1.5"))).isInstanceOf(SQLDataException.class);
    }

    @Test
    void theOneBlockHashAgreesWithTheJdkDigest() throws Exception {
        java.util.Random r = new java.util.Random(11);
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        for (int i = 0; i < 5000; i++) {
            long key = switch (i % 4) {
                case 0 -> r.nextLong();
                case 1 -> r.nextInt(1000) - 500;
                case 2 -> i == 2 ? Long.MIN_VALUE : Long.MAX_VALUE - r.nextInt(10);
                default -> r.nextInt();
            };
            String text = Long.toString(key);
            byte[] d = md5.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long expected = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
            assertThat(StableHash.hash32(key)).as(text).isEqualTo(expected);
            assertThat(StableHash.hash32(text)).as(text).isEqualTo(expected);
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(70);
            for (int k = 0; k < len; k++) sb.append((char) (r.nextInt(5) == 0 ? 0xe0 + r.nextInt(30) : 'a' + r.nextInt(26)));
            String s = sb.toString();
            byte[] e = md5.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long want = ((e[0] & 0xFFL) << 24) | ((e[1] & 0xFFL) << 16) | ((e[2] & 0xFFL) << 8) | (e[3] & 0xFFL);
            assertThat(StableHash.hash32(s)).as(s).isEqualTo(want);
        }
    }
}
