package io.shardjdbc.it;

import io.shardjdbc.execute.ShardRuntime;
import java.sql.SQLException;
import java.sql.Wrapper;

/** The engine behind a data source or logical connection, for tests that check what it did (pools, replicas, moves). */
public final class Engine {
    private Engine() { }

    /** The runtime a {@code ShardDataSource} or {@code ShardConnection} unwraps to. */
    public static ShardRuntime of(Wrapper dataSourceOrConnection) {
        try {
            return dataSourceOrConnection.unwrap(ShardRuntime.class);
        } catch (SQLException e) {
            throw new IllegalStateException("not a shard-jdbc data source or connection: " + dataSourceOrConnection, e);
        }
    }
}
