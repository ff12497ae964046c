package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the connections of one runtime share under {@code transactions: atomic}: the branch protocol
 * of the shards' database, the name of this driver instance and the counter of its global ids, the
 * shards whose decision table is known to exist, and the background recovery of in-doubt branches
 * (a first pass at startup, then one per {@code transaction-recovery} interval). Thread-safe.
 */
public final class AtomicTransactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicTransactions.class);

    private final BranchProtocol protocol;
    private final InDoubtRecovery.Shards shards;
    private final InDoubtRecovery recovery;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> decisionTables = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private volatile CommitObserver observer = CommitObserver.NONE;
    // prepares the participants of one commit at once; idle threads end after a minute
    private final java.util.concurrent.ExecutorService phaseOne = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardjdbc-tx-prepare");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param protocol the shards' branch protocol
     * @param shards   the shards, with fresh connections for the decision table and recovery
     * @param interval how often recovery runs; zero: never in the background
     */
    public AtomicTransactions(BranchProtocol protocol, InDoubtRecovery.Shards shards, Duration interval) {
        this.protocol = protocol;
        this.shards = shards;
        this.recovery = new InDoubtRecovery(protocol, shards);
        this.instance = instanceName();
        if (interval.isZero() || interval.isNegative()) {
            scheduler = null;
        } else {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "shardjdbc-tx-recovery");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::recoverQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public BranchProtocol protocol() { return protocol; }

    /** This driver instance's name in global ids: host, process id and a random tag (a restart gets a new one). */
    public String instance() { return instance; }

    /** A new global id whose decision lives on the given shard. */
    public GlobalTransactionId newId(String decisionShard) {
        return new GlobalTransactionId(instance, sequence.incrementAndGet(), decisionShard);
    }

    /** Creates the decision table on a shard the first time this runtime needs it there (DDL: on its own connection). */
    void ensureDecisionTable(String shard) throws SQLException {
        if (decisionTables.contains(shard)) return;
        try (Connection c = shards.open(shard)) {
            DecisionLog.ensure(c);
        }
        decisionTables.add(shard);
    }

    /** A fresh auto-commit connection to a shard (the caller closes it). */
    Connection open(String shard) throws SQLException {
        return shards.open(shard);
    }

    /** Sets the observer of this runtime's atomic commits (null: none). */
    public void observe(CommitObserver o) {
        observer = o == null ? CommitObserver.NONE : o;
    }

    CommitObserver observer() { return observer; }

    /** Runs the PREPAREs of one commit's participants in parallel. */
    java.util.concurrent.ExecutorService phaseOne() { return phaseOne; }

    /** The recovery of in-doubt branches over this runtime's shards. */
    public InDoubtRecovery recovery() { return recovery; }

    /** Asks for a recovery pass soon (a participant was unreachable in the second phase). */
    void recoverSoon() {
        if (scheduler != null && !scheduler.isShutdown()) scheduler.schedule(this::recoverQuietly, 1, TimeUnit.SECONDS);
    }

    private void recoverQuietly() {
        try {
            recovery.runOnce();
        } catch (RuntimeException e) {
            LOG.warn("in-doubt transaction recovery failed, it runs again later: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) scheduler.shutdownNow();
        phaseOne.shutdown();
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) host = "host";
        host = host.replaceAll("[^A-Za-z0-9.-]", "").toLowerCase(Locale.ROOT);
        if (host.length() > 12) host = host.substring(0, 12);
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        return host + "-" + ProcessHandle.current().pid() + "-" + tag;
    }
}
