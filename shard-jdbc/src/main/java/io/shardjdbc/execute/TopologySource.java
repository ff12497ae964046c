package io.shardjdbc.execute;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.route.Router;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
 * <p>The runtime's shards when it starts: the store's shards in its order, then config shards the
 * store does not name. A shard the store lists that the config does not takes the credentials,
 * properties and pool settings of {@code shard-defaults:} (else of the first shard). A later version
 * that names a new shard adds it (up to {@link #MAX_ADDED_SHARDS}; the pools open it on first use)
 * before the version is applied, so applications need no restart; a shard a later version no longer
 * names is retired: it keeps its index, statements for every shard leave it out, and its pool is
 * closed once no connection of it is in use. Shard indexes never change while the runtime lives.
 */
public final class TopologySource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopologySource.class);

    /** One immutable routing snapshot, and the store version it reflects (0 when the store had none). */
    public record Snapshot(Topology topology, Router router, long storeVersion) { }

    /**
     * Hears of shards that come and go with the store's versions. Shards keep their index for the life
     * of the runtime: a new shard takes the next free one, a shard the store stops naming keeps its own.
     */
    public interface ShardListener {
        /** A version names a shard the runtime did not know: called before that version is applied. */
        void added(int index, ShardSpec spec);

        /** After each check of the store: the indexes of shards the applied version no longer names. */
        void retired(Set<Integer> indexes);
    }

    /** Shards a running driver takes on after it started; more need a restart. */
    public static final int MAX_ADDED_SHARDS = 16;

    private volatile ShardConfig config;
    private final int capacity;
    private final MetadataStore store;
    private final boolean ownsStore;
    private final Directories directories;
    private final KeyColumnCatalog keyTypes;
    private ScheduledExecutorService watcher;
    private ShardListener listener;
    private volatile Snapshot current;
    private volatile String lastError;
    private long failedVersion = -1;
    // every shard an applied version of the store named: those a later version does not name are retired
    private final Set<String> storeShards;
    // when the store's version was last read (System.nanoTime), so that waiting writes share one read per interval
    private long lastCheckNanos;
    private boolean checkedOnce;
    // notified whenever a new snapshot is swapped in
    private final Object swapped = new Object();

    private TopologySource(ShardConfig config, MetadataStore store, boolean ownsStore, Directories directories,
                           KeyColumnCatalog keyTypes, Snapshot first, Set<String> named) {
        this.config = config;
        this.capacity = config.shards().size() + (store == null ? 0 : MAX_ADDED_SHARDS);
        this.store = store;
        this.ownsStore = ownsStore;
        this.directories = directories;
        this.keyTypes = keyTypes;
        this.current = first;
        this.storeShards = new HashSet<>(named);
    }

    /**
     * Starts watching the store's version every {@code metadata.refresh-interval} (not at all without a
     * store, or when it is 0), telling {@code shards} of shards that come and go; call once, when what
     * the listener updates exists.
     */
    synchronized void start(ShardListener shards) {
        this.listener = shards;
        long every = store == null ? 0 : config.metadata().refreshInterval().toMillis();
        if (every == 0) return;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shard-jdbc-topology-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The most shards this runtime can have: those it started with, and up to {@link #MAX_ADDED_SHARDS} more with a store. */
    public int shardCapacity() { return capacity; }

    /**
     * A topology from the config alone (no {@code metadata:}); tables of {@code key-type: auto} learn
     * their key column types from {@code keyTypes}.
     */
    static TopologySource fixed(ShardConfig config, KeyColumnCatalog keyTypes) {
        Topology t = Topology.of(config, null, null, Set.of(), keyTypes);
        return new TopologySource(config, null, false, null, keyTypes,
                new Snapshot(t, new Router(t, config.analysisCacheSize()), 0), Set.of());
    }

    /**
     * A topology from the metadata store. {@code store} is the store to use (owned by the caller), or null
     * to open the one {@code metadata.url} names with {@code opener} (owned, closed with this source).
     */
    static TopologySource fromStore(ShardConfig fileConfig, MetadataStore store, StoreOpener opener, KeyColumnCatalog keyTypes) {
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
            Topology t = Topology.of(config, state, directories, Set.of(), keyTypes);
            Snapshot first = new Snapshot(t, new Router(t, config.analysisCacheSize()), state == null ? 0 : state.version());
            return new TopologySource(config, store, owns, directories, keyTypes, first, namesOf(state));
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

    /**
     * The runtime's shards: the store's, in its order (URL from the store, credentials by
     * {@link ShardConfig#shardAt}), then the config's others. {@code shardctl} reads the shards by the same rule.
     */
    public static List<ShardSpec> shardsOf(ShardConfig config, PlacementState state) {
        List<ShardSpec> out = new ArrayList<>();
        for (PlacementState.ShardEntry e : state.shards()) out.add(specOf(config, e));
        for (ShardSpec s : config.shards().values()) {
            if (out.stream().noneMatch(o -> o.name().equals(s.name()))) out.add(s);
        }
        return out;
    }

    /**
     * A shard the store names: its URL from the store; credentials, properties, pool and replicas from
     * the config's shard of that name, else from {@code shard-defaults:}, else from the first shard.
     */
    private static ShardSpec specOf(ShardConfig config, PlacementState.ShardEntry e) {
        return config.shardAt(e.name(), e.url());
    }

    private static Set<String> namesOf(PlacementState state) {
        Set<String> out = new HashSet<>();
        if (state != null) for (PlacementState.ShardEntry e : state.shards()) out.add(e.name());
        return out;
    }

    /** The config the runtime runs on: the file's, with the shards as described above (and those added since). */
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
        List<ShardSpec> added = new ArrayList<>();
        for (PlacementState.ShardEntry e : state.shards()) {
            if (!config.shards().containsKey(e.name())) added.add(specOf(config, e));
        }
        if (config.shards().size() + added.size() > capacity) {
            failedVersion = state.version();
            lastError = "topology version " + state.version() + " names " + added.size() + " shard(s) this driver does not know ("
                    + added.stream().map(ShardSpec::name).toList() + "), more than the " + MAX_ADDED_SHARDS + " a running driver"
                    + " takes on; it keeps version " + now.storeVersion() + " — restart it";
            LOG.error(lastError);
            return now;
        }
        ShardConfig nextConfig = config;
        Set<String> nextNamed = namesOf(state);
        Set<String> retired = new HashSet<>(config.shards().keySet());
        retired.removeAll(nextNamed);
        retired.retainAll(storeShards); // shards only the file names were never the store's to retire
        Topology t;
        try {
            if (!added.isEmpty()) {
                List<ShardSpec> all = new ArrayList<>(config.shards().values());
                all.addAll(added);
                nextConfig = config.withShards(all);
            }
            t = Topology.of(nextConfig, state, directories, retired, keyTypes);
        } catch (RuntimeException e) {
            failedVersion = state.version();
            lastError = "topology version " + state.version() + " cannot be applied: " + e.getMessage();
            LOG.error(lastError);
            return now;
        }
        for (ShardSpec spec : added) {
            int index = t.shardIndex(spec.name());
            if (listener != null) listener.added(index, spec);
            LOG.info("topology version {} adds shard {} at {}", state.version(), spec.name(), ShardErrors.redact(spec.url()));
        }
        config = nextConfig;
        storeShards.addAll(nextNamed);
        Snapshot next = new Snapshot(t, new Router(t, nextConfig.analysisCacheSize()), state.version());
        directories.invalidateAll(); // the new version may have moved keys
        keyTypes.forget(); // and may name tables or shards whose key columns were not asked about
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
     * about one poll interval. {@code cancelled} is asked every poll interval: when it says yes, the wait
     * ends with SQLState 57014.
     */
    public Snapshot awaitChange(Snapshot seen, long deadlineNanos, long pollNanos, BooleanSupplier cancelled) throws SQLException {
        while (true) {
            Snapshot now = current;
            if (now != seen) return now;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return null;
            if (cancelled.getAsBoolean()) {
                throw new SQLException("the statement was cancelled while it waited for a new topology version", "57014");
            }
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

    /** The indexes of shards the applied version no longer names. */
    private synchronized Set<Integer> retiredIndexes() {
        Topology t = current.topology();
        if (t.liveShards().length == t.shardCount()) return Set.of();
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < t.shardCount(); i++) out.add(i);
        for (int i : t.liveShards()) out.remove(i);
        return out;
    }

    private synchronized void checkIfOlderThan(long pollNanos) throws SQLException {
        if (checkedOnce && System.nanoTime() - lastCheckNanos < pollNanos) return;
        refresh();
    }

    private void poll() {
        try {
            refresh();
            if (listener != null) listener.retired(retiredIndexes());
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
