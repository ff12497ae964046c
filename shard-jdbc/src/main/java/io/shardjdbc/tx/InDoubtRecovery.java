package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the prepared branches that atomic transactions left behind (a coordinator that died between
 * the phases, a participant unreachable in the second phase) and finishes each as its decision says
 * ({@link DecisionLog#settle}): committed where the decision shard committed the decision, rolled back
 * where nobody decided, left alone while the coordinator still holds its decision. Drivers run it at
 * startup and periodically; {@code shardctl tx} runs it from any machine with the config.
 */
public final class InDoubtRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InDoubtRecovery.class);

    /** The shards to look at: names and fresh auto-commit connections (closed by the caller). */
    public interface Shards {
        List<String> names();

        Connection open(String shard) throws SQLException;
    }

    /** The prepared branches found, and the shards that could not be asked (name to error). */
    public record Scan(List<InDoubtBranch> branches, Map<String, String> unreachable) { }

    /** What became of one branch: the decision applied, or why it stays. */
    public record Outcome(InDoubtBranch branch, Decision decision, boolean finished, String note) { }

    private final BranchProtocol protocol;
    private final Shards shards;
    private final Set<String> tableReady = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public InDoubtRecovery(BranchProtocol protocol, Shards shards) {
        this.protocol = protocol;
        this.shards = shards;
    }

    /** Lists every shard's prepared branches of shard-jdbc. */
    public Scan scan() {
        List<InDoubtBranch> found = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (String shard : shards.names()) {
            try (Connection c = shards.open(shard)) {
                found.addAll(protocol.inDoubt(c, shard));
            } catch (SQLException e) {
                unreachable.put(shard, e.getMessage());
            }
        }
        return new Scan(List.copyOf(found), unreachable);
    }

    /** The decision recorded for a branch's transaction now, without deciding anything. */
    public Decision lookup(InDoubtBranch branch) throws SQLException {
        if (!shards.names().contains(branch.id().decisionShard())) return Decision.NONE;
        try (Connection c = shards.open(branch.id().decisionShard())) {
            ensureTable(branch.id().decisionShard(), c);
            return DecisionLog.read(c, branch.id());
        }
    }

    /** Settles and finishes every branch of the scan; branches whose decision shard is not in the config stay. */
    public List<Outcome> resolve(Scan scan) {
        List<Outcome> out = new ArrayList<>();
        Map<GlobalTransactionId, Decision> decided = new HashMap<>();
        for (InDoubtBranch b : scan.branches()) {
            String decisionShard = b.id().decisionShard();
            if (!shards.names().contains(decisionShard)) {
                out.add(new Outcome(b, Decision.NONE, false, "decision shard " + decisionShard + " is not in this config"));
                continue;
            }
            Decision d = decided.get(b.id());
            if (d == null) {
                try (Connection c = shards.open(decisionShard)) {
                    ensureTable(decisionShard, c);
                    d = DecisionLog.settle(c, protocol, b.id());
                } catch (SQLException e) {
                    out.add(new Outcome(b, Decision.NONE, false, "decision shard " + decisionShard + ": " + e.getMessage()));
                    continue;
                }
                decided.put(b.id(), d);
            }
            if (d == Decision.PENDING) {
                out.add(new Outcome(b, d, false, "its coordinator still holds the decision"));
                continue;
            }
            out.add(finish(b, d));
        }
        return out;
    }

    /** One pass: scan, settle and finish, then forget old decisions no branch needs (when every shard answered). */
    public List<Outcome> runOnce() {
        Scan scan = scan();
        List<Outcome> outcomes = resolve(scan);
        for (Outcome o : outcomes) {
            if (o.finished()) {
                LOG.info("in-doubt branch {} on shard {}: {} by its decision", o.branch().id(), o.branch().shard(),
                        o.decision() == Decision.COMMIT ? "committed" : "rolled back");
            } else {
                LOG.debug("in-doubt branch {} on shard {} stays: {}", o.branch().id(), o.branch().shard(), o.note());
            }
        }
        if (scan.unreachable().isEmpty()) sweep(scan);
        else LOG.debug("in-doubt recovery could not reach {}", scan.unreachable());
        return outcomes;
    }

    private Outcome finish(InDoubtBranch b, Decision d) {
        try (Connection c = shards.open(b.shard())) {
            if (d == Decision.COMMIT) protocol.commitPrepared(c, b.id(), b.qualifier());
            else protocol.rollbackPrepared(c, b.id(), b.qualifier());
            return new Outcome(b, d, true, d == Decision.COMMIT ? "committed" : "rolled back");
        } catch (SQLException e) {
            if (protocol.isUnknownBranch(e)) return new Outcome(b, d, true, "finished by someone else");
            return new Outcome(b, d, false, "shard " + b.shard() + ": " + e.getMessage());
        }
    }

    private void sweep(Scan scan) {
        Set<String> needed = new HashSet<>();
        for (InDoubtBranch b : scan.branches()) needed.add(b.id().text());
        for (String shard : shards.names()) {
            try (Connection c = shards.open(shard)) {
                ensureTable(shard, c);
                DecisionLog.sweep(c, protocol, needed);
            } catch (SQLException e) {
                LOG.debug("shard {}: forgetting old decisions failed: {}", shard, e.toString());
            }
        }
    }

    private void ensureTable(String shard, Connection c) throws SQLException {
        if (tableReady.contains(shard)) return;
        DecisionLog.ensure(c);
        tableReady.add(shard);
    }
}
