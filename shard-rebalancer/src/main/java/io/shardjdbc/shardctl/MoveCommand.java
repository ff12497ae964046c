package io.shardjdbc.shardctl;

import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.move.Buckets;
import io.shardjdbc.move.MoveEngine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shardctl move buckets TABLE 0-255 --to s4}: moves given buckets of a hash table (with its
 * co-location group) to a shard online, one move per shard the buckets are on now.
 * {@code shardctl move key TABLE KEY --to s2}: moves one key of a directory table (with its group).
 * {@code shardctl move region TABLE eu --to s3}: moves a region of a geo table, one move per shard it is on now.
 */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = "Move units of placement to a shard, online: move buckets TABLE 0-255 --to s4, move key TABLE KEY --to s2, "
                + "move region TABLE REGION --to s3.")
final class MoveCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "what moves: buckets, key or region")
    String kind;

    @Parameters(index = "1", description = "a hash-sharded table (buckets), a directory table (key) or a geo table (region)")
    String table;

    @Parameters(index = "2", description = "buckets, e.g. 0-255 or 3,7,10-12; the key; or the region")
    String units;

    @Option(names = "--to", required = true, description = "the target shard")
    String to;

    @Mixin
    MoveSupport.RunOptions run;

    @Override
    public Integer call() throws Exception {
        if (!kind.equals("buckets") && !kind.equals("key") && !kind.equals("region")) {
            throw new SQLException("move " + kind + ": moves take buckets of a hash table (move buckets TABLE 0-255 --to s4), a key "
                    + "of a directory table (move key TABLE KEY --to s2) or a region of a geo table (move region TABLE REGION --to s3)", "0A000");
        }
        try (Deployment d = parent.deployment()) {
            if (kind.equals("key")) return moveKey(d);
            if (kind.equals("region")) return moveRegion(d);
            MoveSupport.requireShards(d, List.of(to));
            List<String> map = MoveSupport.bucketMap(d, table);
            Buckets wanted = Buckets.parse(units, map.size());
            Map<String, BitSet> bySource = new LinkedHashMap<>();
            for (String b : wanted.names()) {
                String on = map.get(Integer.parseInt(b));
                if (!on.equals(to)) bySource.computeIfAbsent(on, k -> new BitSet()).set(Integer.parseInt(b));
            }
            String group = d.root(table).name().toLowerCase(Locale.ROOT);
            MoveJournal journal = MoveSupport.journal(d);
            MoveSupport.requireNoUnfinished(journal, group);
            MoveEngine engine = MoveSupport.engine(d, spec.commandLine().getOut(), parent.json, run.haltAfter);
            List<String> ids = new ArrayList<>();
            for (Map.Entry<String, BitSet> e : bySource.entrySet()) {
                String id = engine.create(group, e.getKey(), to, new Buckets(e.getValue()), run.options());
                ids.add(id);
                engine.run(id);
            }
            if (parent.json) Output.json(spec.commandLine().getOut(), Map.of("table", table, "moves", ids, "state", MoveEngine.DONE));
            else spec.commandLine().getOut().println(ids.isEmpty() ? "buckets " + wanted + " are on " + to + " already"
                    : "moved buckets " + wanted + " of " + group + " to " + to + " in " + ids.size() + " move(s)");
            return ShardCtl.OK;
        }
    }

    private int moveRegion(Deployment d) throws Exception {
        MoveSupport.Start start = MoveSupport.start(d, table, to, spec.commandLine().getOut(), parent.json, run.haltAfter);
        String group = start.group();
        MoveEngine engine = start.engine();
        List<String> ids = new ArrayList<>();
        // one move per shard the region is on; each takes the region's lock in turn
        for (String source : engine.regionShards(group, units)) {
            if (source.equals(to)) continue;
            String id = engine.createRegionMove(group, units, source, to, run.options());
            ids.add(id);
            engine.run(id);
        }
        if (parent.json) Output.json(spec.commandLine().getOut(), Map.of("table", table, "region", units, "moves", ids, "state", MoveEngine.DONE));
        else spec.commandLine().getOut().println(ids.isEmpty() ? "region " + units + " is on " + to + " already"
                : "moved region " + units + " of " + group + " to " + to + " in " + ids.size() + " move(s)");
        return ShardCtl.OK;
    }

    private int moveKey(Deployment d) throws Exception {
        MoveSupport.Start start = MoveSupport.start(d, table, to, spec.commandLine().getOut(), parent.json, run.haltAfter);
        String group = start.group();
        String id = start.engine().createKeyMove(group, units, to, run.options());
        start.engine().run(id);
        if (parent.json) Output.json(spec.commandLine().getOut(), Map.of("table", table, "key", units, "moves", List.of(id), "state", MoveEngine.DONE));
        else spec.commandLine().getOut().println("moved key " + units + " of " + group + " to " + to);
        return ShardCtl.OK;
    }
}
