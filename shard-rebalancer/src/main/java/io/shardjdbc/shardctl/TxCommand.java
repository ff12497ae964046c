package io.shardjdbc.shardctl;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.tx.BranchProtocol;
import io.shardjdbc.tx.Decision;
import io.shardjdbc.tx.InDoubtBranch;
import io.shardjdbc.tx.InDoubtRecovery;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shardctl tx list|resolve}: the prepared branches atomic transactions left in doubt on the
 * shards, and settling them by their decisions (see the driver's {@link InDoubtRecovery}), from any
 * machine that has the config.
 */
@Command(name = "tx", mixinStandardHelpOptions = true,
        description = "List and settle the in-doubt parts of atomic (two-phase) transactions.",
        subcommands = {TxCommand.ListBranches.class, TxCommand.Resolve.class})
final class TxCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ShardCtl.USAGE;
    }

    /** One in-doubt branch as printed: its shard, transaction, decision and what became of it. */
    record Branch(String shard, String transaction, String instance, String decisionShard, String preparedAt,
                  String decision, Boolean finished, String note) {
        static Branch of(InDoubtBranch b, Decision d, Boolean finished, String note) {
            return new Branch(b.shard(), b.id().text(), b.id().instance(), b.id().decisionShard(),
                    b.preparedAt() == null ? null : b.preparedAt().toString(), d.name().toLowerCase(java.util.Locale.ROOT),
                    finished, note);
        }
    }

    /** What a tx command found: the branches and the shards it could not reach. */
    record Found(List<Branch> branches, Map<String, String> unreachable) {
        void print(PrintWriter out) {
            if (branches.isEmpty()) out.println("no in-doubt transactions");
            for (Branch b : branches) {
                out.println(b.shard() + "  " + b.transaction() + "  decision: " + b.decision()
                        + (b.preparedAt() == null ? "" : "  prepared " + b.preparedAt())
                        + (b.note() == null ? "" : "  (" + b.note() + ")"));
            }
            unreachable.forEach((shard, error) -> out.println(shard + "  UNREACHABLE: " + error));
        }
    }

    /** Recovery over the deployment's shards, on plain connections bounded by the command's --timeout. */
    static InDoubtRecovery recovery(Deployment d) {
        ShardConfig config = d.config();
        return new InDoubtRecovery(BranchProtocol.of(config.dialect()), new InDoubtRecovery.Shards() {
            @Override
            public List<String> names() { return List.copyOf(config.shards().keySet()); }

            @Override
            public Connection open(String shard) throws SQLException {
                return d.shards().open(shard);
            }
        });
    }

    private int answer(Found found, CommandLine cl, boolean settled) {
        if (parent.json) Output.json(cl.getOut(), found);
        else found.print(cl.getOut());
        if (!found.unreachable().isEmpty()) {
            cl.getErr().println("shardctl: shards " + found.unreachable().keySet() + " could not be asked; run again when they are back");
            return ShardCtl.UNSETTLED;
        }
        if (!settled) {
            cl.getErr().println("shardctl: some transactions are still in doubt (see above); run `shardctl tx resolve` again");
            return ShardCtl.UNSETTLED;
        }
        return ShardCtl.OK;
    }

    /** A tx subcommand: scans every shard's in-doubt parts, reports what it made of them, exits 6 unless all settled. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        TxCommand tx;

        @Spec
        CommandSpec spec;

        /** The branches as printed; adds them to {@code out} and returns whether every one is settled. */
        abstract boolean report(InDoubtRecovery recovery, InDoubtRecovery.Scan scan, List<Branch> out);

        @Override
        public Integer call() throws Exception {
            try (Deployment d = tx.parent.deployment()) {
                InDoubtRecovery recovery = recovery(d);
                InDoubtRecovery.Scan scan = recovery.scan();
                List<Branch> out = new ArrayList<>();
                boolean settled = report(recovery, scan, out);
                return tx.answer(new Found(out, scan.unreachable()), spec.commandLine(), settled);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the prepared parts of atomic transactions on every shard, with the decision recorded for each "
                    + "(commit, rollback, or none yet). Changes nothing.")
    static final class ListBranches extends Subcommand {
        @Override
        boolean report(InDoubtRecovery recovery, InDoubtRecovery.Scan scan, List<Branch> out) {
            for (InDoubtBranch b : scan.branches()) {
                Decision decision;
                String note = null;
                try {
                    decision = recovery.lookup(b);
                } catch (SQLException e) {
                    decision = Decision.NONE;
                    note = "decision shard " + b.id().decisionShard() + ": " + e.getMessage();
                }
                out.add(Branch.of(b, decision, null, note));
            }
            return true;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Settle every in-doubt part by its transaction's decision: commit where the decision shard committed "
                    + "it, roll back where nobody decided (recording the rollback first, so a coordinator that is still "
                    + "running cannot commit later; its parts are left alone while it holds its decision). Exits 6 when "
                    + "some stay in doubt.")
    static final class Resolve extends Subcommand {
        @Override
        boolean report(InDoubtRecovery recovery, InDoubtRecovery.Scan scan, List<Branch> out) {
            boolean settled = true;
            for (InDoubtRecovery.Outcome o : recovery.resolve(scan)) {
                out.add(Branch.of(o.branch(), o.decision(), o.finished(), o.note()));
                settled &= o.finished();
            }
            return settled;
        }
    }
}
