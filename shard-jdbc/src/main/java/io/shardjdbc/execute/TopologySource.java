package io.shardjdbc.execute;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.route.Router;
import io.shardjdbc.topology.MetadataStore;
import io.shardjdbc.topology.PlacementState;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a runtime's topology comes from: the config alone, or the metadata store. With a store, the
 * placement (shard URLs, bucket maps, ranges, regions) is the store's published state; when none is
 * published yet the config's initial placement is published as the first version (unless
 * {@code metadata.publish-initial: false}). A daemon thread polls the store's version every
 * {@code metadata.refresh-interval} (none when it is 0) and, when it changed, builds a new immutable {@link Topology}
 * and {@link Router} and swaps them in at once: each statement routes on the snapshot it read, so
 * statements already running finish on their old one.
 *
 * <p>The runtime's shards are fixed when it starts (their pools and replica sets are indexed by
 * them): the store's shards in its order, then config shards the store does not name. A shard the
 * store lists that the config does not gets the default (first) shard's credentials, properties and
 * pool settings. A later version naming a shard this runtime does not know is not applied (logged
 * as an error, and reported by {@link #lastRefreshError()}) until the driver restarts.
 */
public final class TopologySource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopologySource.class);

    /** One immutable routing snapshot, and the store version it reflects (0 when the store had none). */
    public record Snapshot(Topology topology, Router router, long storeVersion) { }

    private final ShardConfig config;
    private final MetadataStore store;
    private final boolean ownsStore;
    private final Directories directories;
    private final ScheduledExecutorService watcher;
    private volatile Snapshot current;
    private volatile String lastError;
    private long failedVersion = -1;
    // when the store's version was last read (System.nanoTime), so that waiting writes share one read per interval
    private long lastCheckNanos;
    private boolean checkedOnce;
    // notified whenever a new snapshot is swapped in
    private final Object swapped = new Object();

    private TopologySource(ShardConfig config, MetadataStore store, boolean ownsStore, Directories directories,
                           Snapshot first) {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        this.directories = directories;
        this.current = first;
        long every = store == null ? 0 : config.metadata().refreshInterval().toMillis();
        if (every == 0) { // no store, or background checks switched off
            this.watcher = null;
            return;
        }
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shard-jdbc-topology-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** A topology from the config alone (no {@code metadata:}). */
    static TopologySource fixed(ShardConfig config) {
        Topology t = Topology.of(config);
        return new TopologySource(config, null, false, null, new Snapshot(t, new Router(t, config.analysisCacheSize()), 0));
    }

    /**
     * A topology from the metadata store. {@code store} is the store to use (owned by the caller), or null
     * to open the one {@code metadata.url} names with {@code opener} (owned, closed with this source).
     */
    static TopologySource fromStore(ShardConfig fileConfig, MetadataStore store, StoreOpener opener) {
        MetadataSpec spec = fileConfig.metadata();
        boolean owns = store == null;
        try {
            if (owns) store = opener.open(fileConfig);
        } catch (SQLException e) {
            throw new ConfigException(fileConfig.source(), "metadata.url", "cannot open the metadata store at "
                    + ShardErrors.redact(spec.url()) + ": " + e.getMessage(), e);
        }
        try {
            Directories directories = new Directories(store, spec);
            PlacementState state = store.placement();
            if (state == null && spec.publishInitial()) state = publishInitial(fileConfig, store);
            ShardConfig config = state == null ? fileConfig : fileConfig.withShards(shardsOf(fileConfig, state));
            Topology t = Topology.of(config, state, directories);
            Snapshot first = new Snapshot(t, new Router(t, config.analysisCacheSize()), state == null ? 0 : state.version());
            return new TopologySource(config, store, owns, directories, first);
        } catch (SQLException | RuntimeException e) {
            if (owns) closeQuietly(store);
            if (e instanceof ConfigException c) throw c;
            throw new ConfigException(fileConfig.source(), "metadata", "cannot read the topology from the metadata store at "
                    + ShardErrors.redact(spec.url()) + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the config's initial placement as version 1; if another driver was first, takes its state. */
    private static PlacementState publishInitial(ShardConfig config, MetadataStore store)
            throws SQLException {
        PlacementState initial = Topology.initialPlacement(config);
        try {
            long v = store.publish(initial, 0);
            LOG.info("published the initial placement of {} to the metadata store as topology version {}", config.source(), v);
        } catch (SQLException e) {
            if (!"40001".equals(e.getSQLState())) throw e; // another driver published first: use its state
        }
        return store.placement();
    }

    /** The runtime's shards: the store's, in its order (URL from the store), then the config's others. */
    private static List<ShardSpec> shardsOf(ShardConfig config, PlacementState state) {
        ShardSpec template = config.shards().values().iterator().next();
        List<ShardSpec> out = new ArrayList<>();
        for (PlacementState.ShardEntry e : state.shards()) {
            ShardSpec own = config.shards().get(e.name());
            ShardSpec base = own != null ? own : template;
            out.add(new ShardSpec(e.name(), e.url(), base.username(), base.password(), base.properties(), base.pool(),
                    own != null ? own.replicas() : List.of()));
        }
        for (ShardSpec s : config.shards().values()) {
            if (out.stream().noneMatch(o -> o.name().equals(s.name()))) out.add(s);
        }
        return out;
    }

    /** The config the runtime runs on: the file's, with the shards as described above. */
    public ShardConfig config() { return config; }

    /** The current snapshot. */
    public Snapshot current() { return current; }

    /** The metadata store, or null when the topology comes from the config alone. */
    public MetadataStore store() { return store; }

    /** The directories of the store, or null without one. */
    public Directories directories() { return directories; }

    /** Why the last version could not be applied, or null when the last check succeeded. */
    public String lastRefreshError() { return lastError; }

    /**
     * Checks the store's version now (the watcher does this every refresh interval) and swaps in the
     * new topology if it changed. Returns the current snapshot.
     */
    public synchronized Snapshot refresh() throws SQLException {
        if (store == null) return current;
        lastCheckNanos = System.nanoTime();
        checkedOnce = true;
        long v = store.version();
        Snapshot now = current;
        if (v == now.storeVersion() || v == failedVersion) return now;
        PlacementState state = store.placement();
        if (state == null) return now;
        for (PlacementState.ShardEntry e : state.shards()) {
            if (!config.shards().containsKey(e.name())) {
                failedVersion = state.version();
                lastError = "topology version " + state.version() + " names shard '" + e.name() + "', which this driver "
                        + "did not know when it started (shards " + config.shards().keySet() + "); it keeps version "
                        + now.storeVersion() + " — list the shard under shards: in " + config.source() + " and restart";
                LOG.error(lastError);
                return now;
            }
        }
        Topology t;
        try {
            t = Topology.of(config, state, directories);
        } catch (RuntimeException e) {
            failedVersion = state.version();
            lastError = "topology version " + state.version() + " cannot be applied: " + e.getMessage();
            LOG.error(lastError);
            return now;
        }
        Snapshot next = new Snapshot(t, new Router(t, config.analysisCacheSize()), state.version());
        directories.invalidateAll(); // the new version may have moved keys
        current = next;
        lastError = null;
        synchronized (swapped) {
            swapped.notifyAll();
        }
        LOG.info("topology version {} applied (was {})", state.version(), now.storeVersion());
        return next;
    }

    /**
     * Waits until a snapshot other than {@code seen} is current, reading the store's version at once
     * and then every {@code pollNanos} (one read shared by every waiting thread), and returns it; null
     * when {@code deadlineNanos} ({@link System#nanoTime}) passes first. A write refused by a move's
     * fence waits here for the version that moves its unit: the wake-up follows a publish within
     * about one poll interval.
     */
    public Snapshot awaitChange(Snapshot seen, long deadlineNanos, long pollNanos) throws SQLException {
        while (true) {
            Snapshot now = current;
            if (now != seen) return now;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return null;
            checkIfOlderThan(pollNanos);
            synchronized (swapped) {
                if (current != seen) return current;
                long waitNanos = Math.min(left, pollNanos);
                try {
                    swapped.wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a new topology version", "57014", e);
                }
            }
        }
    }

    private synchronized void checkIfOlderThan(long pollNanos) throws SQLException {
        if (checkedOnce && System.nanoTime() - lastCheckNanos < pollNanos) return;
        refresh();
    }

    private void poll() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            String msg = "checking the metadata store for a new topology failed: " + e.getMessage();
            if (!msg.equals(lastError)) LOG.warn(msg); // once per distinct failure, not every interval
            lastError = msg;
        }
    }

    @Override
    public void close() {
        if (watcher != null) watcher.shutdownNow();
        if (ownsStore) closeQuietly(store);
    }

    private static void closeQuietly(MetadataStore store) {
        try {
            store.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing the metadata store failed: {}", e.toString());
        }
    }

    /** Opens the store a config's {@code metadata:} names. */
    @FunctionalInterface
    public interface StoreOpener {
        MetadataStore open(ShardConfig config) throws SQLException;
    }
}
