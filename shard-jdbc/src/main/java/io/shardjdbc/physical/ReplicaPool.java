package io.shardjdbc.physical;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A replica's connections as {@link PhysicalConnections} borrows them. The replica itself, its
 * health and lag, is {@code replica.ReplicaNode}; this view keeps the physical connections (which
 * transactions and replica choice build on) from depending on replica choice.
 */
public interface ReplicaPool {
    /** The index of the shard this replica copies. */
    int shard();

    /** The replica's index among its shard's replicas. */
    int index();

    /** The replica's name for messages and logs. */
    String name();

    /** Borrows a connection. */
    Connection open() throws SQLException;

    /** A connection to the replica failed: it is taken out of rotation. */
    void failed(Throwable cause);

    /** Discards a connection instead of returning it to the pool. */
    void evict(Connection c);
}
