package io.shardjdbc.move;

import io.shardjdbc.directory.jdbc.MoveJournal;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process's claim on a move in the store: taken before it runs the move, renewed by a daemon
 * thread while it does, released at the end. A lease whose holder ran on this host under a process
 * that no longer exists (it was killed) is taken over at once instead of after its expiry.
 */
final class Lease implements AutoCloseable {
    private final MoveJournal journal;
    private final String moveId;
    private final String owner;
    private final long ttlMillis;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;

    private Lease(MoveJournal journal, String moveId, String owner, long ttlMillis) {
        this.journal = journal;
        this.moveId = moveId;
        this.owner = owner;
        this.ttlMillis = ttlMillis;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardctl-lease-" + moveId);
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, ttlMillis / 3, ttlMillis / 3, TimeUnit.MILLISECONDS);
    }

    /** The owner text of this process: host, process id and a random part. */
    static String newOwner() {
        return host() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Takes the lease of {@code moveId} or fails naming the process that holds it. */
    static Lease take(MoveJournal journal, String moveId, String owner, long ttlMillis) throws SQLException {
        MoveJournal.Move m = journal.get(moveId).orElseThrow(() -> new SQLException("there is no move " + moveId
                + "; shardctl moves lists them", "42704"));
        long now = System.currentTimeMillis();
        String dead = m.leaseOwner() != null && holderIsDead(m.leaseOwner()) ? m.leaseOwner() : null;
        if (!journal.acquire(moveId, owner, now, now + ttlMillis, dead)) {
            throw new SQLException("move " + moveId + " is being run by " + m.leaseOwner() + " (lease until "
                    + java.time.Instant.ofEpochMilli(m.leaseExpiresMs()) + "); two shardctl processes never run one move. "
                    + "Wait for it, or for its lease to expire if that process is gone", MoveJournal.CONFLICT);
        }
        return new Lease(journal, moveId, owner, ttlMillis);
    }

    /** Whether the holder ran on this host and its process is gone. */
    private static boolean holderIsDead(String holder) {
        String[] parts = holder.split(":");
        if (parts.length < 3 || !parts[0].equals(host())) return false;
        try {
            return ProcessHandle.of(Long.parseLong(parts[1])).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    String owner() { return owner; }

    /** When the lease runs out if not renewed again, for the journal's writes (which renew it). */
    long expiresMs() { return System.currentTimeMillis() + ttlMillis; }

    /** Fails when the lease was lost (another process took the move over). */
    void check() throws SQLException {
        if (lost) {
            throw new SQLException("the lease on move " + moveId + " was lost to another shardctl; this process stops",
                    MoveJournal.CONFLICT);
        }
    }

    private void renew() {
        try {
            long now = System.currentTimeMillis();
            if (!journal.acquire(moveId, owner, now, now + ttlMillis, null)) lost = true;
        } catch (SQLException | RuntimeException e) {
            // a store hiccup: the next renewal (or the engine's next write) tries again
        }
    }

    @Override
    public void close() throws SQLException {
        renewer.shutdownNow();
        journal.release(moveId, owner);
    }
}
