package io.shardjdbc.directory.jdbc;

import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.GroupState;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import io.shardjdbc.metadata.PlacementState.RegionEntry;
import io.shardjdbc.metadata.PlacementState.ShardEntry;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a placement state that drivers could not route on before it is published: every shard a
 * group names must be a listed shard, names fit their columns, a group uses one kind of placement,
 * only the last range is open-ended, and a country belongs to one region. Failing here (SQLState
 * 22023) names the group and the value, instead of drivers failing later one by one.
 */
final class PlacementCheck {
    static final int NAME_LENGTH = 128;
    static final int KEY_LENGTH = 512;
    static final int URL_LENGTH = 2048;
    static final int BOUND_LENGTH = 1024;

    private PlacementCheck() { }

    static void check(PlacementState state) throws SQLException {
        if (state == null) throw invalid("no placement state given");
        if (state.shards().isEmpty()) throw invalid("a placement state needs at least one shard");
        Set<String> shards = new HashSet<>();
        for (ShardEntry s : state.shards()) {
            name("shard name", s.name());
            if (s.url() == null || s.url().isEmpty()) throw invalid("shard " + s.name() + " has no URL");
            length("URL of shard " + s.name(), s.url(), URL_LENGTH);
            if (!shards.add(s.name())) throw invalid("shard " + s.name() + " is listed twice");
        }
        for (Map.Entry<String, GroupState> e : state.groups().entrySet()) {
            String group = e.getKey();
            GroupState g = e.getValue();
            name("group name", group);
            if (g == null) throw invalid("group " + group + " has no state");
            int kinds = (g.buckets().isEmpty() ? 0 : 1) + (g.ranges().isEmpty() ? 0 : 1) + (g.regions().isEmpty() ? 0 : 1);
            if (kinds > 1) throw invalid("group " + group + " has more than one of buckets, ranges and regions");
            for (String shard : g.buckets()) known(shards, group, shard);
            for (int i = 0; i < g.ranges().size(); i++) {
                RangeEntry r = g.ranges().get(i);
                known(shards, group, r.shard());
                if (r.below() == null && i < g.ranges().size() - 1) {
                    throw invalid("group " + group + ": only the last range may have no upper bound (range " + i + ")");
                }
                if (r.below() != null) length("range bound of group " + group, r.below(), BOUND_LENGTH);
            }
            Map<String, String> countryRegion = new HashMap<>();
            for (Map.Entry<String, RegionEntry> r : g.regions().entrySet()) {
                name("region name of group " + group, r.getKey());
                if (r.getKey().isEmpty()) throw invalid("group " + group + " has a region with an empty name");
                if (r.getValue().buckets().isEmpty()) throw invalid("region " + r.getKey() + " of group " + group + " has no buckets");
                for (String shard : r.getValue().buckets()) known(shards, group, shard);
                for (String country : r.getValue().countries()) {
                    name("country of region " + r.getKey(), country);
                    String before = countryRegion.put(country, r.getKey());
                    if (before != null) {
                        throw invalid("group " + group + ": " + country + " is in regions " + before + " and " + r.getKey());
                    }
                }
            }
        }
    }

    /** A directory name, key or shard name as the directory stores it. */
    static void directoryArgs(String directory, String key, String shard) throws SQLException {
        name("directory name", directory);
        if (key == null) throw invalid("a directory key is null (directory " + directory + ")");
        length("key of directory " + directory, key, KEY_LENGTH);
        if (shard != null) name("shard name", shard);
    }

    private static void known(Set<String> shards, String group, String shard) throws SQLException {
        if (shard == null || !shards.contains(shard)) {
            throw invalid("group " + group + " places units on shard " + shard + ", which is not a listed shard " + shards);
        }
    }

    private static void name(String what, String value) throws SQLException {
        if (value == null) throw invalid("a " + what + " is null");
        length(what, value, NAME_LENGTH);
    }

    private static void length(String what, String value, int max) throws SQLException {
        if (value.length() > max) {
            throw new SQLException("the " + what + " is " + value.length() + " characters long, the metadata store keeps at most "
                    + max + ": " + value.substring(0, 40) + "...", "22001");
        }
    }

    private static SQLException invalid(String message) {
        return new SQLException("metadata store: " + message, "22023");
    }
}
