package io.shardjdbc.replica;

import io.shardjdbc.config.ReadsSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of every shard of one runtime, the balancer that spreads reads over them, and a
 * background monitor that measures each replica's lag and position every
 * {@code reads.lag-check-interval} (and probes failed ones after their backoff). Thread-safe.
 */
public final class ReplicaSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSet.class);

    private final ReplicaNode[][] nodes;
    private final List<List<ReplicaNode>> nodeLists = new ArrayList<>();
    private final Balancer balancer;
    private final ReplicaDialect dialect;
    private final ReadsSpec reads;
    private final long maxLagMillis;
    private final ScheduledExecutorService monitor;
    // the monitor's own connection per replica (outside the pools); only the monitor thread uses them
    private final Connection[][] probes;

    private ReplicaSet(ShardConfig config) {
        List<ShardSpec> shards = new ArrayList<>(config.shards().values());
        this.nodes = new ReplicaNode[shards.size()][];
        this.probes = new Connection[shards.size()][];
        for (int s = 0; s < nodes.length; s++) {
            ShardSpec spec = shards.get(s);
            nodes[s] = new ReplicaNode[spec.replicas().size()];
            probes[s] = new Connection[nodes[s].length];
            for (int r = 0; r < nodes[s].length; r++) nodes[s][r] = new ReplicaNode(s, r, spec, spec.replicas().get(r));
            nodeLists.add(List.of(nodes[s]));
        }
        this.reads = config.reads();
        this.balancer = Balancer.named(reads.balancer(), nodes.length);
        this.dialect = ReplicaDialect.of(config.dialect());
        this.maxLagMillis = reads.maxLag().toMillis();
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shard-jdbc-replica-monitor");
            t.setDaemon(true);
            return t;
        });
        long every = reads.lagCheckInterval().toMillis();
        monitor.scheduleWithFixedDelay(this::checkAll, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The replicas of a config, or null when no shard has any (then nothing runs in the background). */
    public static ReplicaSet of(ShardConfig config) {
        for (ShardSpec s : config.shards().values()) if (!s.replicas().isEmpty()) return new ReplicaSet(config);
        return null;
    }

    /** The replicas of a shard; none for a shard added while the runtime runs (the store knows no replicas). */
    public int replicaCount(int shard) { return nodesOf(shard).length; }

    private static final ReplicaNode[] NONE = new ReplicaNode[0];

    private ReplicaNode[] nodesOf(int shard) {
        return shard < nodes.length ? nodes[shard] : NONE;
    }

    public ReplicaNode node(int shard, int index) { return nodes[shard][index]; }

    /** The replicas of a shard; none for a shard added while the runtime runs. */
    public List<ReplicaNode> nodes(int shard) { return shard < nodeLists.size() ? nodeLists.get(shard) : List.of(); }

    public ReplicaDialect dialect() { return dialect; }

    public ReadsSpec reads() { return reads; }

    /**
     * The replica that serves a read of a shard, or null for the primary: among replicas that are up
     * and within {@code max-lag} (and, when {@code required} is given, known to have replayed it),
     * the balancer's choice. The caller must call {@link #done} when the read has run.
     */
    public ReplicaNode choose(int shard, String required) {
        ReplicaNode[] all = nodesOf(shard);
        if (all.length == 0) return null;
        List<ReplicaNode> ok = new ArrayList<>(all.length);
        for (ReplicaNode n : all) {
            if (n.usable(maxLagMillis) && (required == null || dialect.reached(n.position(), required))) ok.add(n);
        }
        if (ok.isEmpty()) return null;
        ReplicaNode n = ok.size() == 1 ? ok.get(0) : balancer.pick(shard, ok);
        n.beginRead();
        return n;
    }

    /**
     * Replicas that are up and within max-lag but not known to have replayed {@code required}: their
     * position may just not have been measured since; the caller may ask one of them directly.
     */
    public ReplicaNode chooseToCheck(int shard) {
        List<ReplicaNode> ok = new ArrayList<>();
        for (ReplicaNode n : nodesOf(shard)) if (n.usable(maxLagMillis)) ok.add(n);
        return ok.isEmpty() ? null : ok.size() == 1 ? ok.get(0) : balancer.pick(shard, ok);
    }

    /** Starts counting a read on a replica picked by {@link #chooseToCheck}. */
    public void begin(ReplicaNode n) { n.beginRead(); }

    /** A read chosen by {@link #choose} has run (or failed). */
    public void done(ReplicaNode n) { n.endRead(); }

    /** A replica's position seen by a read (keeps the monitor's view fresh between measurements). */
    public void sawPosition(ReplicaNode n, String position) { n.advance(position); }

    private void checkAll() {
        long now = System.nanoTime();
        for (int s = 0; s < nodes.length; s++) {
            for (int r = 0; r < nodes[s].length; r++) {
                ReplicaNode n = nodes[s][r];
                if (!n.probeDue(now)) continue;
                try {
                    Connection c = probes[s][r];
                    if (c == null) probes[s][r] = c = n.openProbe(dialect);
                    n.measured(dialect.status(c));
                } catch (SQLException | RuntimeException e) {
                    closeProbe(s, r);
                    n.failed(e);
                }
            }
        }
    }

    private void closeProbe(int s, int r) {
        Connection c = probes[s][r];
        probes[s][r] = null;
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the probe connection is broken already
        }
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        try {
            if (!monitor.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("the replica monitor did not stop within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int s = 0; s < nodes.length; s++) {
            for (int r = 0; r < nodes[s].length; r++) {
                closeProbe(s, r);
                nodes[s][r].close();
            }
        }
    }
}
