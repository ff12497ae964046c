package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A topology published in the metadata store by another client (a new bucket map) is applied by a
 * running driver within its refresh interval, and a statement already executing when the topology
 * changes finishes on the snapshot it was routed on.
 */
abstract class TopologyWatchContract extends ShardContract {
    static final int BUCKETS = 8;
    private MetadataFixture meta;

    TopologyWatchContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "watch";
    }

    @Override
    protected String configBody() {
        try {
            meta = new MetadataFixture(TestServers.get(kind), ShardDatabases.PREFIX + kind.tag() + "_watch_meta");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "tables:\n  items: { key: id, strategy: hash, buckets: " + BUCKETS + " }\n"
                + meta.yaml("  refresh-interval: 100ms\n");
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
    }

    /** Polls until the condition holds, failing after a generous deadline (no fixed sleeps). */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /**
     * True while the driver's UPDATE runs on a shard (where the test holds the row's lock, so it waits).
     * MariaDB's INNODB_TRX is a cache that can lag or stop listing new transactions, so there the
     * statement is looked for in the process list.
     */
    private boolean someoneWaitsForALock(int shard) {
        String sql = isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE items%'"
                : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE 'UPDATE items%'";
        try {
            return directLong(shard, sql) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPublishedBucketMapIsAppliedWhileAStatementInFlightFinishesOnItsOldSnapshot() throws Exception {
        long id = 42;
        try (Connection c = ds.getConnection()) {
            executeAll(c, "INSERT INTO items (id, name) VALUES (" + id + ", 'before')");
        }
        int oldShard = shardOf("UPDATE items SET name = ? WHERE id = ?", "x", id);
        int newShard = (oldShard + 1) % dbs.size();
        long oldVersion = ds.topology().version();
        ExecutorService app = Executors.newSingleThreadExecutor();
        try (MetadataStore operator = meta.open(); Connection holder = dbs.connect(oldShard)) {
            // hold the row's lock on its shard, so the driver's UPDATE is executing (waiting) when the topology changes
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeQuery("SELECT name FROM items WHERE id = " + id + " FOR UPDATE").close();
            }
            Future<Integer> inFlight = app.submit(() -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
                    ps.setString(1, "updated in flight");
                    ps.setLong(2, id);
                    return ps.executeUpdate();
                }
            });
            await("the driver's UPDATE to wait for the row lock on s" + oldShard, () -> someoneWaitsForALock(oldShard));

            PlacementState state = operator.placement();
            assertThat(state.version()).isEqualTo(oldVersion);
            Map<String, PlacementState.GroupState> groups = new HashMap<>(state.groups());
            groups.put("items", new PlacementState.GroupState(Collections.nCopies(BUCKETS, name(newShard)), null, null));
            long published = operator.publish(new PlacementState(0, state.shards(), groups), state.version());
            await("the driver to apply topology version " + published, () -> ds.topology().version() == published);
            assertThat(shardOf("UPDATE items SET name = ? WHERE id = ?", "x", id)).isEqualTo(newShard);

            holder.rollback();
            assertThat(inFlight.get()).as("the statement routed on the old snapshot updated the row where it was").isEqualTo(1);
        } finally {
            app.shutdownNow();
        }
        assertThat(directColumn(oldShard, "SELECT name FROM items WHERE id = ?", id)).containsExactly("updated in flight");
        // new statements use the new bucket map: the row (not moved by anyone here) is written where the map points
        try (Connection c = ds.getConnection()) {
            executeAll(c, "INSERT INTO items (id, name) VALUES (" + (id + 1) + ", 'after')");
        }
        assertThat(directColumn(newShard, "SELECT name FROM items WHERE id = ?", id + 1)).containsExactly("after");
        assertThat(Engine.of(ds).topologySource().lastRefreshError()).isNull();
    }
}
