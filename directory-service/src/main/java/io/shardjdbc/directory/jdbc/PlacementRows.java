package io.shardjdbc.directory.jdbc;

import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.GroupState;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import io.shardjdbc.metadata.PlacementState.RegionEntry;
import io.shardjdbc.metadata.PlacementState.ShardEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a placement state as the rows of one topology version and reads them back. Rows of a
 * version are written once and never updated, which is what lets {@link #read} see one consistent
 * state without locks.
 */
final class PlacementRows {
    /** The tables that hold rows per topology version, children first (the order pruning deletes in). */
    static final List<String> VERSIONED_TABLES = List.of(
            "sjdbc_region_country", "sjdbc_region", "sjdbc_range", "sjdbc_bucket", "sjdbc_group", "sjdbc_shard");

    private PlacementRows() { }

    /** Inserts the rows of {@code state} as version {@code version}, one batch per table. */
    static void write(Connection c, PlacementState state, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sjdbc_shard (topology_version, pos, name, url) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < state.shards().size(); i++) {
                ShardEntry s = state.shards().get(i);
                ps.setLong(1, version);
                ps.setInt(2, i);
                ps.setString(3, s.name());
                ps.setString(4, s.url());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement group = c.prepareStatement(
                     "INSERT INTO sjdbc_group (topology_version, group_name, kind) VALUES (?, ?, ?)");
             PreparedStatement bucket = c.prepareStatement(
                     "INSERT INTO sjdbc_bucket (topology_version, group_name, region, bucket, shard) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement range = c.prepareStatement(
                     "INSERT INTO sjdbc_range (topology_version, group_name, pos, below, shard) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement region = c.prepareStatement(
                     "INSERT INTO sjdbc_region (topology_version, group_name, region) VALUES (?, ?, ?)");
             PreparedStatement country = c.prepareStatement(
                     "INSERT INTO sjdbc_region_country (topology_version, group_name, region, pos, country) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, GroupState> e : state.groups().entrySet()) {
                String name = e.getKey();
                GroupState g = e.getValue();
                group.setLong(1, version);
                group.setString(2, name);
                group.setString(3, kind(g));
                group.addBatch();
                addBuckets(bucket, version, name, "", g.buckets());
                for (int i = 0; i < g.ranges().size(); i++) {
                    RangeEntry r = g.ranges().get(i);
                    range.setLong(1, version);
                    range.setString(2, name);
                    range.setInt(3, i);
                    range.setString(4, r.below());
                    range.setString(5, r.shard());
                    range.addBatch();
                }
                for (Map.Entry<String, RegionEntry> r : g.regions().entrySet()) {
                    region.setLong(1, version);
                    region.setString(2, name);
                    region.setString(3, r.getKey());
                    region.addBatch();
                    List<String> countries = r.getValue().countries();
                    for (int i = 0; i < countries.size(); i++) {
                        country.setLong(1, version);
                        country.setString(2, name);
                        country.setString(3, r.getKey());
                        country.setInt(4, i);
                        country.setString(5, countries.get(i));
                        country.addBatch();
                    }
                    addBuckets(bucket, version, name, r.getKey(), r.getValue().buckets());
                }
            }
            group.executeBatch();
            bucket.executeBatch();
            range.executeBatch();
            region.executeBatch();
            country.executeBatch();
        }
    }

    private static void addBuckets(PreparedStatement bucket, long version, String group, String region, List<String> shards)
            throws SQLException {
        for (int b = 0; b < shards.size(); b++) {
            bucket.setLong(1, version);
            bucket.setString(2, group);
            bucket.setString(3, region);
            bucket.setInt(4, b);
            bucket.setString(5, shards.get(b));
            bucket.addBatch();
        }
    }

    /** Recorded for people reading the tables; {@link #read} infers the kind from which rows exist. */
    private static String kind(GroupState g) {
        if (!g.buckets().isEmpty()) return "hash";
        if (!g.ranges().isEmpty()) return "range";
        if (!g.regions().isEmpty()) return "geo";
        return "directory";
    }

    /** Reads the state published as {@code version}. */
    static PlacementState read(Connection c, long version) throws SQLException {
        List<PlacementState.ShardEntry> shards = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, url FROM sjdbc_shard WHERE topology_version = ? ORDER BY pos")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) shards.add(new ShardEntry(rs.getString(1), rs.getString(2)));
            }
        }
        Map<String, GroupParts> groups = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name FROM sjdbc_group WHERE topology_version = ?")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) groups.put(rs.getString(1), new GroupParts());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name, region, shard FROM sjdbc_bucket "
                + "WHERE topology_version = ? ORDER BY group_name, region, bucket")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    GroupParts g = part(groups, rs.getString(1), version);
                    String region = rs.getString(2);
                    if (region.isEmpty()) g.buckets.add(rs.getString(3));
                    else g.region(region).buckets.add(rs.getString(3));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name, below, shard FROM sjdbc_range "
                + "WHERE topology_version = ? ORDER BY group_name, pos")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) part(groups, rs.getString(1), version).ranges.add(new RangeEntry(rs.getString(2), rs.getString(3)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name, region FROM sjdbc_region WHERE topology_version = ?")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) part(groups, rs.getString(1), version).region(rs.getString(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name, region, country FROM sjdbc_region_country "
                + "WHERE topology_version = ? ORDER BY group_name, region, pos")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) part(groups, rs.getString(1), version).region(rs.getString(2)).countries.add(rs.getString(3));
            }
        }
        Map<String, GroupState> states = new LinkedHashMap<>();
        groups.forEach((name, g) -> states.put(name, g.state()));
        return new PlacementState(version, shards, states);
    }

    private static GroupParts part(Map<String, GroupParts> groups, String name, long version) throws SQLException {
        GroupParts g = groups.get(name);
        if (g == null) {
            throw new SQLException("metadata store: topology version " + version + " has placement rows for group " + name
                    + " but no such group; the store's tables were changed by hand", "XX001");
        }
        return g;
    }

    /** A group's rows while they are read. */
    private static final class GroupParts {
        final List<String> buckets = new ArrayList<>();
        final List<RangeEntry> ranges = new ArrayList<>();
        final Map<String, RegionParts> regions = new TreeMap<>();

        RegionParts region(String name) {
            return regions.computeIfAbsent(name, n -> new RegionParts());
        }

        GroupState state() {
            Map<String, RegionEntry> r = new LinkedHashMap<>();
            regions.forEach((name, p) -> r.put(name, new RegionEntry(p.countries, p.buckets)));
            return new GroupState(buckets, ranges, r);
        }
    }

    /** A region's rows while they are read. */
    private static final class RegionParts {
        final List<String> countries = new ArrayList<>();
        final List<String> buckets = new ArrayList<>();
    }
}
