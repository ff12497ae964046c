package io.shardjdbc.it.move;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.MetadataFixture;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the move tests share: fresh shard databases ({@code sjdbc_it_mdrv_*}) with a table
 * {@code items (id, name)}, a metadata store, a client of it playing the mover (it publishes placements
 * as {@code shardctl} does), and the drivers under test, closed after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MoveFixture {
    final TestServers.Kind kind;
    private final String concern;
    private final int databases;
    ShardDatabases dbs;
    MetadataFixture meta;
    MetadataStore mover;
    private final List<ShardDataSource> drivers = new ArrayList<>();

    MoveFixture(TestServers.Kind kind, String concern, int databases) {
        this.kind = kind;
        this.concern = concern;
        this.databases = databases;
    }

    boolean postgres() {
        return kind == TestServers.Kind.POSTGRESQL;
    }

    @BeforeAll
    void createShardsAndStore() throws SQLException {
        TestServers.Server server = TestServers.get(kind);
        String prefix = ShardDatabases.PREFIX + "mdrv_" + kind.tag() + "_" + concern;
        dbs = ShardDatabases.create(server, prefix, databases);
        meta = new MetadataFixture(server, prefix + "_meta");
        mover = meta.open();
        dbs.executeOnEach("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
    }

    @AfterEach
    void closeDrivers() {
        for (ShardDataSource d : drivers) d.close();
        drivers.clear();
    }

    @AfterAll
    void closeStore() throws SQLException {
        mover.close();
    }

    /** A driver over a config file; closed after the test. */
    ShardDataSource driver(Path config) {
        ShardDataSource d = new ShardDataSource(config);
        drivers.add(d);
        return d;
    }

    /** The first {@code n} databases as the store's shards s0 .. s(n-1). */
    List<PlacementState.ShardEntry> entries(int n) {
        List<PlacementState.ShardEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new PlacementState.ShardEntry(ShardDatabases.shardName(i), dbs.urls().get(i)));
        return out;
    }

    /** Publishes the placement of {@code items} (bucket i on {@code buckets[i]}) over the first {@code shards} databases. */
    long publish(int shards, String... buckets) throws SQLException {
        PlacementState now = mover.placement();
        return mover.publish(new PlacementState(0, entries(shards),
                Map.of("items", new PlacementState.GroupState(List.of(buckets), null, null))), now == null ? 0 : now.version());
    }
}
