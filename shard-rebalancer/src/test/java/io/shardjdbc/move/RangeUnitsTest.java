package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a split does to a range group's placement, and which rows it moves; no database. */
class RangeUnitsTest {
    private static PlacementState state(RangeEntry... ranges) {
        return new PlacementState(7, List.of(new PlacementState.ShardEntry("s0", "u0"), new PlacementState.ShardEntry("s1", "u1"),
                new PlacementState.ShardEntry("s2", "u2")), Map.of("events", new PlacementState.GroupState(null, List.of(ranges), null)));
    }

    private static RangeEntry r(String below, String shard) {
        return new RangeEntry(below, shard);
    }

    @Test
    void aSplitCutsTheRangeAndPutsItsUpperPartOnTheTarget() throws SQLException {
        PlacementState before = state(r("100", "s0"), r("200", "s1"), r(null, "s0"));
        RangeUnits upper = new RangeUnits("150", "200", RangeBounds.Type.NUMBER);
        assertThat(upper.moved(before, "events", "s1", "s2").ranges()).containsExactly(r("100", "s0"), r("150", "s1"), r("200", "s2"), r(null, "s0"));
        RangeUnits last = new RangeUnits("300", null, RangeBounds.Type.NUMBER);
        assertThat(last.moved(before, "events", "s0", "s2").ranges()).containsExactly(r("100", "s0"), r("200", "s1"), r("300", "s0"), r(null, "s2"));
    }

    @Test
    void movingThePartBackJoinsTheRangesAgainAndAPublishedSplitIsNotSplitTwice() throws SQLException {
        PlacementState split = state(r("100", "s0"), r("150", "s1"), r("200", "s2"), r(null, "s0"));
        RangeUnits part = new RangeUnits("150", "200", RangeBounds.Type.NUMBER);
        assertThat(part.moved(split, "events", "s2", "s1").ranges()).containsExactly(r("100", "s0"), r("200", "s1"), r(null, "s0"));
        // the flip again after a crash past the publish: the same placement
        assertThat(part.moved(split, "events", "s1", "s2").ranges()).isEqualTo(split.groups().get("events").ranges());
    }

    @Test
    void keysMovedElsewhereMeanwhileRefuseTheFlip() {
        PlacementState other = state(r("100", "s0"), r(null, "s2"));
        RangeUnits part = new RangeUnits("150", null, RangeBounds.Type.NUMBER);
        assertThatThrownBy(() -> part.moved(other, "events", "s0", "s1"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"))
                .hasMessageContaining("are on shard s2");
    }

    @Test
    void rowsBelongByTheKeysTypeAndTheUnitNameRoundTrips() throws SQLException {
        RangeUnits dates = new RangeUnits("2026-01-01", "2027-01-01T00:00", RangeBounds.Type.TIMESTAMP);
        assertThat(dates.names()).containsExactly("2026-01-01 .. 2027-01-01");
        assertThat(RangeUnits.of(dates.names().get(0), RangeBounds.Type.TIMESTAMP)).isEqualTo(dates);
        assertThat(dates.contains("2026-06-30")).isTrue();
        assertThat(dates.contains(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(dates.contains("2025-12-31 23:59:59")).isFalse();
        RangeUnits numbers = new RangeUnits("100.0", null, RangeBounds.Type.NUMBER);
        assertThat(numbers.names()).containsExactly("100 .. ");
        assertThat(numbers.contains(99L)).isFalse();
        assertThat(numbers.contains("1000")).isTrue(); // 1000 > 100 as a number, not as text
        assertThat(numbers.condition(Dialect.POSTGRESQL, new MovedTable("events", "id", List.of("id"), List.of("id"), List.of(true))))
                .isEqualTo("id >= CAST('100' AS numeric)");
    }
}
