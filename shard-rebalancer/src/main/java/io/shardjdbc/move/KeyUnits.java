package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * One key of a directory group (its canonical text, as the directory keeps it). A row belongs to it
 * when its shard key's text is the key, the same test the fence's trigger makes; at the flip the
 * directory entry moves and a new topology version tells the drivers to forget their cached entries.
 */
record KeyUnits(String key) implements Units {
    @Override
    public String kind() { return "key"; }

    @Override
    public List<String> names() { return List.of(key); }

    @Override
    public String condition(Dialect dialect, MovedTable t) {
        return Fence.unitSql(dialect, t.key(), new Fence.UnitFunction.Key()) + " = " + MovedTable.literal(dialect, key);
    }

    @Override
    public boolean contains(Object value) {
        if (value == null) return false;
        return key.equals(value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString());
    }

    @Override
    public Fence.UnitFunction fenceFunction() { return new Fence.UnitFunction.Key(); }

    @Override
    public boolean placedOn(MetadataStore store, String group, String shard) throws SQLException {
        return shard.equals(store.lookup(group, List.of(key)).get(key));
    }

    @Override
    public PlacementState.GroupState moved(PlacementState current, String group, String source, String target) {
        PlacementState.GroupState g = current.groups().get(group);
        return g != null ? g : new PlacementState.GroupState(null, null, null);
    }

    @Override
    public void beforePublish(MetadataStore store, String group, String source, String target) throws SQLException {
        if (!(store instanceof JdbcMetadataStore jdbc)) {
            throw new SQLException("moving a directory key needs the store's database; " + store + " is not one", "0A000");
        }
        jdbc.reassign(group, key, source, target);
    }

    @Override
    public String toString() { return "key " + key; }
}
