package io.shardjdbc.it.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.commit.CommitUnknownException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link CommitOutcomeContract} on PostgreSQL, and the link cut while a shard's COMMIT runs: a
 * deferred constraint trigger makes s1's COMMIT take about 2 s, and the proxy cuts the connection
 * while the server is in it.
 */
class PostgresCommitOutcomeIT extends CommitOutcomeContract {
    PostgresCommitOutcomeIT() {
        super(TestServers.Kind.POSTGRESQL);
    }

    @Test
    void theLinkCutDuringASlowCommitLeavesTheShardUnknownAndItCommits() throws Exception {
        try (Connection direct = shards.databases().connect(1); Statement st = direct.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION sjdbc_slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$");
            st.execute("DROP TRIGGER IF EXISTS sjdbc_slow_commit ON kv");
            st.execute("CREATE CONSTRAINT TRIGGER sjdbc_slow_commit AFTER INSERT ON kv DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW EXECUTE FUNCTION sjdbc_slow_commit()");
        }
        try {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            insert(c, 4);   // s0
            insert(c, 9);   // s1, slow to commit
            insert(c, 6);   // s2
            Future<Throwable> commit = background.submit(() -> {
                try {
                    c.commit();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            HealingContract.awaitRunning(shards, 1, "COMMIT");
            shards.proxy(1).cut();
            Throwable thrown = commit.get();
            c.close();
            assertThat(thrown).isInstanceOf(CommitUnknownException.class);
            CommitUnknownException e = (CommitUnknownException) thrown;
            assertThat(e.getSQLState()).isEqualTo("08007");
            assertThat(e.committedShards()).containsExactly("s0");
            assertThat(e.unknownShards()).containsExactly("s1");
            assertThat(e.rolledBackShards()).containsExactly("s2");
            awaitRow(1, 9);
        } finally {
            try (Connection direct = shards.databases().connect(1); Statement st = direct.createStatement()) {
                st.execute("DROP TRIGGER IF EXISTS sjdbc_slow_commit ON kv");
            }
        }
    }
}
