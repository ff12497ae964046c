package io.shardjdbc.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.RangeBounds;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Ranges are [previous bound, bound): numbers, strings and dates, points and intervals. */
class RangePlacementTest {
    @SuppressWarnings("unchecked")
    private static RangePlacement ranges(RangeBounds.Type type, String... bounds) {
        Comparable<Object>[] upper = new Comparable[bounds.length];
        int[] shards = new int[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            upper[i] = bounds[i] == null ? null : RangeBounds.parse(type, bounds[i]);
            shards[i] = i;
        }
        return new RangePlacement(type, upper, shards);
    }

    private static BitSet bits(int... i) {
        BitSet b = new BitSet();
        for (int x : i) b.set(x);
        return b;
    }

    @Test
    void numbersSplitAtTheirBounds() throws SQLException {
        RangePlacement p = ranges(RangeBounds.Type.NUMBER, "100", "200", null);
        assertThat(p.shardOf(99)).isEqualTo(0);
        assertThat(p.shardOf(100L)).isEqualTo(1);
        assertThat(p.shardOf("199.5")).isEqualTo(1);
        assertThat(p.shardOf(1_000_000)).isEqualTo(2);
        assertThat(p.shardsInRange(50, true, 150, true)).isEqualTo(bits(0, 1));
        assertThat(p.shardsInRange(null, false, 100, false)).isEqualTo(bits(0));
        assertThat(p.shardsInRange(null, false, 100, true)).isEqualTo(bits(0, 1));
        assertThat(p.shardsInRange(200, true, null, false)).isEqualTo(bits(2));
    }

    @Test
    void stringsCompareByCodePoint() throws SQLException {
        RangePlacement p = ranges(RangeBounds.Type.STRING, "m", null);
        assertThat(p.shardOf("alice")).isEqualTo(0);
        assertThat(p.shardOf("mallory")).isEqualTo(1);
    }

    @Test
    void datesAndTimestampsShareOneOrdering() throws SQLException {
        RangePlacement p = ranges(RangeBounds.Type.TIMESTAMP, "2025-01-01");
        assertThat(p.shardOf(java.sql.Timestamp.valueOf("2024-12-31 23:59:59"))).isEqualTo(0);
        assertThat(p.shardOf(java.time.LocalDate.of(2024, 6, 1))).isEqualTo(0);
        assertThatThrownBy(() -> p.shardOf("2025-01-01")).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("above the last range");
    }
}
