package io.shardjdbc.it.atomic;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.tx.CommitObserver;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;

/**
 * A coordinator to be killed: a child JVM that commits atomic transactions writing one row on each
 * of s0, s1 and s2 (ids {@code 3k, 3k+1, 3k+2}, owner {@code t<k>}), printing {@code ACK k} after each
 * commit returns, and in transaction {@code stopAt} prints {@code STOP <gid>} when the commit
 * reaches the given step and then waits to be killed. Arguments: config file, step, first k, stopAt.
 */
public final class CoordinatorProcess {
    private CoordinatorProcess() { }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        CommitObserver.Step step = CommitObserver.Step.valueOf(args[1]);
        long first = Long.parseLong(args[2]);
        long stopAt = Long.parseLong(args[3]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CountDownLatch never = new CountDownLatch(1);
        try (ShardDataSource ds = new ShardDataSource(config); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (long k = first; k <= stopAt; k++) {
                final long current = k;
                AtomicShards.atomic(c).observe((reached, id, shard) -> {
                    if (current != stopAt || reached != step) return;
                    out.println("STOP " + id.text());
                    try {
                        never.await(); // killed here
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                for (int s = 0; s < 3; s++) AtomicShards.insert(c, 3 * k + s, "t" + k, k);
                c.commit();
                out.println("ACK " + k);
            }
        }
    }
}
