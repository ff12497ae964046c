package io.shardjdbc.engine;

import io.shardjdbc.merge.ConcatCursor;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of several shards one shard after the other, in unit order, cut at the statement's max
 * rows; for writes, the update counts added up (or the first shard's, for copies).
 *
 * @param input the units
 */
public record Concat(Route input) implements Primitive {
    @Override
    public Outcome open(Execution ex) throws SQLException {
        return input.open(ex, false, (e, results) -> new ConcatCursor(results, e.ranShards(), e.maxRows()));
    }

    @Override
    public String line() { return "Concat"; }

    @Override
    public List<Primitive> inputs() { return List.of(input); }
}
