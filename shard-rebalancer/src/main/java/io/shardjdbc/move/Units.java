package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one move moves: some buckets of a hash-sharded group, one key of a directory group, a range of
 * keys of a range group, or a region of a geo group. The engine asks it which rows belong to the move
 * (in SQL and for a captured row), how the fence names them, and how the topology changes at the flip.
 */
sealed interface Units permits BucketUnits, KeyUnits, RangeUnits, RegionUnits {
    /** The journal's kind of move: {@code buckets}, {@code key}, {@code range} or {@code region}. */
    String kind();

    /** The column of {@code table} (of the group whose root is {@code root}) that tells a row's unit: its shard key. */
    default String column(TableSpec table, TableSpec root) {
        return table.key().toLowerCase(java.util.Locale.ROOT);
    }

    /** The unit names as the journal and the fence table keep them. */
    List<String> names();

    /** The SQL condition that holds for the rows of {@code t} that move. */
    String condition(Dialect dialect, MovedTable t);

    /** Whether a row whose unit column ({@link #column}) holds {@code key} (as the change capture delivered it) moves. */
    boolean contains(Object key) throws SQLException;

    /** How the fence's trigger computes a row's unit. */
    Fence.UnitFunction fenceFunction();

    /** Whether the store already places every unit on {@code shard}. */
    boolean placedOn(MetadataStore store, String group, String shard) throws SQLException;

    /**
     * The placement with the units on {@code target}, from {@code current}; fails (55000) when a unit
     * is on neither {@code source} nor {@code target} (something else moved it).
     */
    PlacementState.GroupState moved(PlacementState current, String group, String source, String target) throws SQLException;

    /**
     * Narrows fence rows on the target that cover more than these units' rows (and so would refuse them
     * there after the flip) to what they cover besides; the rows naming exactly these units the engine
     * deletes itself. {@code target} is in autocommit mode and has the fence table.
     */
    default void narrowFences(Connection target, List<MovedTable> tables) throws SQLException { }

    /** What changes in the store besides the placement, before it is published (a directory entry). */
    void beforePublish(MetadataStore store, String group, String source, String target) throws SQLException;
}
