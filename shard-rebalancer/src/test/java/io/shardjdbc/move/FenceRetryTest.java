package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction left open on a moved table outlasts the fence's short wait: the fence gives up
 * without leaving anything behind (a write of the moving buckets still succeeds meanwhile), the move
 * records the retry, and once the transaction ends the next attempt fences and the move finishes.
 * PostgreSQL, databases {@code sjdbc_it_move_fence_retry_*}.
 */
class FenceRetryTest {
    private static final int BUCKETS = 8;

    @Test
    void aLongTransactionMakesTheFenceTryAgainInsteadOfHoldingWriters(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "sjdbc_it_move_fence_retry", 2, 2,
                "  customer: { key: id, strategy: hash, buckets: " + BUCKETS + ", shards: [s0] }\n");
        d.exec(0, "CREATE TABLE customer (id BIGINT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO customer SELECT g, 0 FROM generate_series(1, 500) g");
        TestDatabases.Db store = d.store();
        TestDatabases.Db s0 = d.shard(0);
        TestDatabases.Db s1 = d.shard(1);
        Path config = d.config();
        HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
        long moving = 1;
        while (hash.bucketOf(moving) >= 4) moving++;
        long staying = 1;
        while (hash.bucketOf(staying) < 4) staying++;

        try (Connection blocker = s0.connect(); JdbcMetadataStore reader = JdbcMetadataStore.open(store.url(), store.user(), store.password())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // a slow copy, so that the transaction below begins after the change capture (whose slot waits for
            // transactions in flight) and before the fence
            CompletableFuture<Integer> move = CompletableFuture.supplyAsync(() -> ShardCtl.run(new PrintWriter(out), new PrintWriter(err),
                    "--config", config.toString(), "--json", "move", "buckets", "customer", "0-3", "--to", "s1", "--chunk", "10", "--rate", "100"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !move.isDone()
                    && reader.moves().list().stream().noneMatch(m -> m.state().equals(MoveEngine.COPYING) && m.rowsCopied() > 0)) {
                Thread.sleep(20);
            }
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.executeUpdate("UPDATE customer SET v = v + 1 WHERE id = " + staying); // holds the table until it ends
            }

            String moveId = null;
            while (moveId == null && System.nanoTime() < deadline && !move.isDone()) {
                for (MoveJournal.Move m : reader.moves().list()) {
                    for (MoveJournal.Step s : reader.moves().steps(m.id())) {
                        if (s.detail() != null && s.detail().startsWith("the fence waited")) moveId = m.id();
                    }
                }
                if (moveId == null) Thread.sleep(20);
            }
            assertThat(moveId).as("a retried fence in the move's steps; shardctl: " + out + err).isNotNull();
            // nothing of the failed attempt refuses writers: the moving buckets still take writes on s0
            try (Connection c = s0.connect(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE customer SET v = v + 1 WHERE id = " + moving)).isEqualTo(1);
            }
            blocker.commit();

            assertThat(move.get(120, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
            assertThat(reader.moves().get(moveId).orElseThrow().state()).isEqualTo(MoveEngine.DONE);
        }
        try (Connection c = s1.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM customer WHERE id = " + moving)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the write made between the attempts, on s1").isEqualTo(1);
        }
    }
}
