package io.shardjdbc.shardctl;

import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.move.Buckets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardctl moves}: every move in the store with its state, units, progress and who runs it. */
@Command(name = "moves", mixinStandardHelpOptions = true, description = "List the moves recorded in the metadata store.")
final class MovesCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            List<MoveJournal.Move> moves = MoveSupport.journal(d).list();
            PrintWriter out = spec.commandLine().getOut();
            if (parent.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (MoveJournal.Move m : moves) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", m.id());
                    r.put("group", m.group());
                    r.put("kind", m.kind());
                    r.put("source", m.source());
                    r.put("target", m.target());
                    r.put("units", units(m));
                    r.put("state", m.state());
                    r.put("rowsCopied", m.rowsCopied());
                    r.put("rowsEstimated", m.rowsEstimated());
                    r.put("runningBy", m.leaseOwner());
                    r.put("error", m.error());
                    rows.add(r);
                }
                Output.json(out, Map.of("moves", rows));
                return ShardCtl.OK;
            }
            if (moves.isEmpty()) out.println("no moves");
            for (MoveJournal.Move m : moves) {
                out.println(m.id() + "  " + m.state() + "  " + m.group() + " " + m.kind() + " " + units(m) + "  " + m.source() + " -> "
                        + m.target() + "  " + m.rowsCopied() + "/" + m.rowsEstimated() + " rows"
                        + (m.leaseOwner() == null ? "" : "  running by " + m.leaseOwner())
                        + (m.error() == null ? "" : "  (" + m.error() + ")"));
            }
            return ShardCtl.OK;
        }
    }

    private static String units(MoveJournal.Move m) {
        if (!m.kind().equals("buckets")) return String.join(",", m.units());
        return Buckets.of(m.units().stream().map(Integer::valueOf).toList()).toString();
    }
}
