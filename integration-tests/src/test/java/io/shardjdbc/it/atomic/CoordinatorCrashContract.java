package io.shardjdbc.it.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.tx.CommitObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coordinators killed with {@code kill -9} at each point of the protocol: after every participant
 * prepared and before the decision, after the decision and before any second-phase commit, and in
 * the middle of the second phase. Afterwards {@code shardctl tx resolve}, run by this (another)
 * process, settles what the dead coordinator left (and so does the background recovery of another
 * driver starting over the same shards): the ledger of acknowledged commits is all there, every
 * transaction is on all three shards or on none, the killed one exactly as its decision says, and no
 * prepared branch is left behind.
 */
abstract class CoordinatorCrashContract extends AtomicContract {
    private static final long DEADLINE_SECONDS = 120;
    private Path config;

    CoordinatorCrashContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    String concern() {
        return "crash";
    }

    @BeforeAll
    void setUp() throws Exception {
        config = shards.config("");
    }

    @AfterEach
    void nothingLeftPrepared() throws Exception {
        assertThat(shards.preparedBranches()).isEmpty();
        assertThat(shardctl("tx", "list").out()).contains("no in-doubt transactions");
    }

    @Test
    void killedAfterEveryParticipantPreparedBeforeTheDecision() throws Exception {
        crashAndResolve(CommitObserver.Step.PREPARED, 100, false);
    }

    @Test
    void killedAfterTheDecisionBeforeAnySecondPhaseCommit() throws Exception {
        crashAndResolve(CommitObserver.Step.DECIDED, 200, true);
    }

    @Test
    void killedInTheMiddleOfTheSecondPhase() throws Exception {
        crashAndResolve(CommitObserver.Step.BRANCH_COMMITTED, 300, true);
    }

    @Test
    void aDriverStartingElsewhereSettlesWhatADeadCoordinatorLeft() throws Exception {
        long first = 400;
        long stopAt = first + 1;
        String gid = runUntilStopped(CommitObserver.Step.DECIDED, first, stopAt, new ArrayList<>());
        assertThat(shards.preparedBranches()).isNotEmpty().allSatisfy(b -> assertThat(b).contains(gid));
        // another application's driver over the same shards: its recovery runs at startup and then every 200 ms
        try (ShardDataSource other = new ShardDataSource(shards.dbs.writeConfig(
                AtomicShards.TABLES.replace("transaction-recovery: off", "transaction-recovery: 200ms")))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (!shards.preparedBranches().isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
        }
        assertLedger(first, stopAt, true);
    }

    private void crashAndResolve(CommitObserver.Step step, long first, boolean killedOneCommits) throws Exception {
        long stopAt = first + 3;
        List<Long> acked = new ArrayList<>();
        String gid = runUntilStopped(step, first, stopAt, acked);
        assertThat(acked).containsExactly(first, first + 1, first + 2);
        assertThat(shards.preparedBranches()).as("branches the dead coordinator left").isNotEmpty()
                .allSatisfy(b -> assertThat(b).contains(gid));

        Run resolved = shardctl("tx", "resolve");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        // the servers end the dead coordinator's sessions on their own time; until then its decision is held
        while (resolved.code() == ShardCtl.UNSETTLED && System.nanoTime() < deadline) resolved = shardctl("tx", "resolve");
        assertThat(resolved.code()).as("shardctl tx resolve: %s %s", resolved.out(), resolved.err()).isZero();
        assertThat(resolved.out()).contains(gid).contains(killedOneCommits ? "decision: commit" : "decision: rollback");
        assertLedger(first, stopAt, killedOneCommits);
    }

    /** Every transaction before {@code stopAt} is on all three shards; the killed one on all or none, as decided. */
    private void assertLedger(long first, long stopAt, boolean killedOneCommits) throws Exception {
        for (long k = first; k <= stopAt; k++) {
            long rows = 0;
            for (int s = 0; s < 3; s++) rows += shards.rowsOn(s, "owner = 't" + k + "'");
            boolean committed = k < stopAt || killedOneCommits;
            assertThat(rows).as("rows of transaction %d on the three shards", k).isEqualTo(committed ? 3 : 0);
        }
    }

    /** Runs the coordinator until it stops at the step in transaction {@code stopAt}, kills it, returns the stopped gid. */
    private String runUntilStopped(CommitObserver.Step step, long first, long stopAt, List<Long> acked) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CoordinatorProcess.class.getName(),
                config.toString(), step.name(), Long.toString(first), Long.toString(stopAt))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            CompletableFuture<String> stopped = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("ACK ")) acked.add(Long.parseLong(line.substring(4)));
                        if (line.startsWith("STOP ")) return line.substring(5);
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String gid = stopped.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            assertThat(gid).as("the coordinator stopped at %s", step).isNotNull();
            return gid;
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, sockets dropped by the kernel
            p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }

    record Run(int code, String out, String err) { }

    private Run shardctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }
}
