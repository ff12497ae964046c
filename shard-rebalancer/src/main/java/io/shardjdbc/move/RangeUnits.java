package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.strategy.RangePlacement;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys {@code [low, high)} of a range group ({@code high} null: unbounded), compared as the
 * driver compares them ({@code type}). A split moves the upper part of a range: at the flip the range
 * holding {@code low} is cut at {@code low} (and at {@code high}, when a range reaches past it), the
 * part {@code [low, high)} goes to the target, and neighbours that end up on one shard are joined again,
 * so that moving the part back restores the ranges as they were.
 */
record RangeUnits(String low, String high, RangeBounds.Type type) implements Units {
    RangeUnits {
        low = canonical(type, low);
        high = high == null ? null : canonical(type, high);
    }

    /** The units of a move as the journal keeps them (one unit, {@code low .. high}). */
    static RangeUnits of(String unit, RangeBounds.Type type) {
        String[] bounds = RangePlacement.rangeUnitBounds(unit);
        return new RangeUnits(bounds[0], bounds[1], type);
    }

    /**
     * A bound as the store keeps it ({@link RangeBounds#text}); fails when the text is not of the key's
     * type or holds the fence's range separator.
     */
    static String canonical(RangeBounds.Type type, String text) {
        Object v;
        try {
            v = RangeBounds.parse(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + type.name().toLowerCase(java.util.Locale.ROOT)
                    + " range bound: " + e.getMessage());
        }
        if (text.contains(RangePlacement.RANGE_SEPARATOR)) {
            throw new IllegalArgumentException("a range bound cannot contain '" + RangePlacement.RANGE_SEPARATOR + "': " + text);
        }
        // 100.0 and 100 are one bound
        return RangeBounds.text(v instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : v);
    }

    /** {@code a} compared with {@code b} as keys of the type; null is above every key (an unbounded end). */
    int compare(String a, String b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
        return RangeBounds.parse(type, a).compareTo(RangeBounds.parse(type, b));
    }

    @Override
    public String kind() { return "range"; }

    @Override
    public List<String> names() { return List.of(RangePlacement.rangeUnit(low, high)); }

    @Override
    public String condition(Dialect dialect, MovedTable t) {
        return Fence.inRange(dialect, type, t.key(), MovedTable.literal(dialect, low), high == null ? null : MovedTable.literal(dialect, high));
    }

    @Override
    public boolean contains(Object key) throws SQLException {
        if (key == null) return false;
        return RangePlacement.holds(type, low, high, key instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : key);
    }

    @Override
    public Fence.UnitFunction fenceFunction() { return new Fence.UnitFunction.Range(type); }

    @Override
    public boolean placedOn(MetadataStore store, String group, String shard) throws SQLException {
        PlacementState p = store.placement();
        PlacementState.GroupState g = p == null ? null : p.groups().get(group);
        if (g == null || g.ranges().isEmpty()) return false;
        for (Overlap o : overlaps(g.ranges())) if (!o.entry().shard().equals(shard)) return false;
        return true;
    }

    /** A range of the placement that shares keys with {@code [low, high)}, with its lower bound (null: none) and index. */
    private record Overlap(int index, String from, RangeEntry entry) { }

    private List<Overlap> overlaps(List<RangeEntry> ranges) {
        List<Overlap> out = new ArrayList<>();
        String from = null;
        for (int i = 0; i < ranges.size(); i++) {
            RangeEntry r = ranges.get(i);
            boolean endsAfterLow = compare(r.below(), low) > 0;
            boolean startsBeforeHigh = from == null || compare(from, high) < 0;
            if (endsAfterLow && startsBeforeHigh) out.add(new Overlap(i, from, r));
            from = r.below();
        }
        return out;
    }

    /**
     * The shard holding the keys {@code [low, high)} in {@code ranges}, or a clear error when they are
     * spread over several shards or some have no range (above the last bound).
     */
    String holder(List<RangeEntry> ranges, String group) throws SQLException {
        List<Overlap> parts = overlaps(ranges);
        if (parts.isEmpty() || compare(parts.get(parts.size() - 1).entry().below(), high) < 0) {
            throw new SQLException("keys " + this + " of " + group + " are not all within its ranges " + text(ranges), "22023");
        }
        String shard = parts.get(0).entry().shard();
        for (Overlap o : parts) {
            if (!o.entry().shard().equals(shard)) {
                throw new SQLException("keys " + this + " of " + group + " are on shards " + shard + " and " + o.entry().shard()
                        + " (ranges " + text(ranges) + "); a split moves keys of one shard", "22023");
            }
        }
        return shard;
    }

    @Override
    public PlacementState.GroupState moved(PlacementState current, String group, String source, String target) throws SQLException {
        List<RangeEntry> ranges = current.groups().get(group).ranges();
        List<RangeEntry> out = new ArrayList<>();
        String from = null;
        for (RangeEntry r : ranges) {
            boolean overlaps = compare(r.below(), low) > 0 && (from == null || compare(from, high) < 0);
            if (!overlaps) {
                out.add(r);
            } else {
                if (!r.shard().equals(source) && !r.shard().equals(target)) {
                    throw new SQLException("keys " + this + " of " + group + " are on shard " + r.shard() + " in topology version "
                            + current.version() + ", not on the move's source " + source + "; they were moved by something else. "
                            + "Abort this move", "55000");
                }
                if (from == null || compare(from, low) < 0) out.add(new RangeEntry(low, r.shard())); // the part below stays
                if (compare(r.below(), high) > 0) {
                    out.add(new RangeEntry(high, target));
                    out.add(new RangeEntry(r.below(), r.shard())); // the part above stays
                } else {
                    out.add(new RangeEntry(r.below(), target));
                }
            }
            from = r.below();
        }
        return new PlacementState.GroupState(null, joined(out), null);
    }

    /** Neighbouring ranges on one shard made one (they route alike; a split moved back leaves the range it split). */
    private static List<RangeEntry> joined(List<RangeEntry> ranges) {
        List<RangeEntry> out = new ArrayList<>();
        for (RangeEntry r : ranges) {
            if (!out.isEmpty() && out.get(out.size() - 1).shard().equals(r.shard())) out.remove(out.size() - 1);
            out.add(r);
        }
        return out;
    }

    static String text(List<RangeEntry> ranges) {
        StringBuilder sb = new StringBuilder();
        String from = null;
        for (RangeEntry r : ranges) {
            if (sb.length() > 0) sb.append(", ");
            sb.append('[').append(from == null ? "" : from).append(", ").append(r.below() == null ? "" : r.below()).append(") on ").append(r.shard());
            from = r.below();
        }
        return sb.toString();
    }

    /**
     * A fence row on the target for a wider range of a table (left by a split away from it, of which
     * this part now comes back) is replaced by the pieces of that range outside this part, with the
     * same move and version.
     */
    @Override
    public void narrowFences(Connection target, List<MovedTable> tables) throws SQLException {
        String own = names().get(0);
        for (MovedTable t : tables) {
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement ps = target.prepareStatement("SELECT unit, move_id, version FROM " + Fence.TABLE + " WHERE tbl = ?")) {
                ps.setString(1, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] row : rows) {
                if (row[0].equals(own) || !row[0].contains(RangePlacement.RANGE_SEPARATOR)) continue;
                String[] bounds = RangePlacement.rangeUnitBounds(row[0]);
                boolean overlaps = compare(bounds[1], low) > 0 && compare(bounds[0], high) < 0;
                if (!overlaps) continue;
                List<String> pieces = new ArrayList<>();
                if (compare(bounds[0], low) < 0) pieces.add(RangePlacement.rangeUnit(bounds[0], low));
                if (high != null && compare(high, bounds[1]) < 0) pieces.add(RangePlacement.rangeUnit(high, bounds[1]));
                try (PreparedStatement del = target.prepareStatement("DELETE FROM " + Fence.TABLE + " WHERE tbl = ? AND unit = ?");
                     PreparedStatement ins = target.prepareStatement("INSERT INTO " + Fence.TABLE + " (tbl, unit, move_id, version) VALUES (?, ?, ?, ?)")) {
                    del.setString(1, t.name());
                    del.setString(2, row[0]);
                    del.executeUpdate();
                    for (String piece : pieces) {
                        ins.setString(1, t.name());
                        ins.setString(2, piece);
                        ins.setString(3, row[1]);
                        if (row[2] == null) ins.setNull(4, Types.BIGINT);
                        else ins.setLong(4, Long.parseLong(row[2]));
                        ins.executeUpdate();
                    }
                }
            }
        }
    }

    @Override
    public void beforePublish(MetadataStore store, String group, String source, String target) { }

    @Override
    public String toString() { return "range [" + low + ", " + (high == null ? "" : high) + ")"; }
}
