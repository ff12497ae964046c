package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Buckets of a hash-sharded group; {@code hash} computes a key's bucket as the driver does. */
record BucketUnits(Buckets buckets, HashPlacement hash) implements Units {
    @Override
    public String kind() { return "buckets"; }

    @Override
    public List<String> names() { return buckets.names(); }

    @Override
    public String condition(Dialect dialect, MovedTable t) {
        return Fence.bucketSql(dialect, t.key(), hash.isMod(), hash.buckets()) + " IN (" + buckets.sqlList() + ")";
    }

    @Override
    public boolean contains(Object key) throws SQLException {
        return key != null && buckets.contains(hash.bucketOf(key));
    }

    @Override
    public Fence.UnitFunction fenceFunction() { return new Fence.UnitFunction.Bucket(hash.isMod(), hash.buckets()); }

    @Override
    public boolean placedOn(MetadataStore store, String group, String shard) throws SQLException {
        PlacementState p = store.placement();
        PlacementState.GroupState g = p == null ? null : p.groups().get(group);
        if (g == null || g.buckets().isEmpty()) return false;
        for (String b : names()) if (!g.buckets().get(Integer.parseInt(b)).equals(shard)) return false;
        return true;
    }

    @Override
    public PlacementState.GroupState moved(PlacementState current, String group, String source, String target) throws SQLException {
        List<String> map = new ArrayList<>(current.groups().get(group).buckets());
        for (String b : names()) {
            int i = Integer.parseInt(b);
            if (!map.get(i).equals(source) && !map.get(i).equals(target)) {
                throw new SQLException("bucket " + i + " of " + group + " is on shard " + map.get(i) + " in topology version "
                        + current.version() + ", not on the move's source " + source + "; it was moved by something else. "
                        + "Abort this move", "55000");
            }
            map.set(i, target);
        }
        return new PlacementState.GroupState(map, null, null);
    }

    @Override
    public void beforePublish(MetadataStore store, String group, String source, String target) { }

    @Override
    public String toString() { return "buckets " + buckets; }
}
