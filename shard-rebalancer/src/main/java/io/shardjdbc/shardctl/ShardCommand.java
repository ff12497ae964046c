package io.shardjdbc.shardctl;

import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shardctl shard add NAME --url URL} and {@code shard remove NAME}: the shards the metadata
 * store lists. Drivers open a pool for an added shard when they see the new topology version (its
 * credentials from their config: the shard's own entry, {@code shard-defaults:}, or the first
 * shard's); a shard is removed only when no unit is placed on it and its sharded tables hold no rows.
 */
@Command(name = "shard", mixinStandardHelpOptions = true, description = "Add or remove a shard in the metadata store.",
        subcommands = {ShardCommand.Add.class, ShardCommand.Remove.class})
final class ShardCommand {
    @ParentCommand
    ShardCtl parent;

    /** Publishes {@code change} of the current placement (compare-and-set, retried when another publish came first). */
    private static long publish(Deployment d, java.util.function.Function<PlacementState, PlacementState> change) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            PlacementState current = MoveSupport.placement(d);
            try {
                return d.store().publish(change.apply(current), current.version());
            } catch (SQLException e) {
                if (!"40001".equals(e.getSQLState()) || attempt >= 20) throw e;
            }
        }
    }

    private static void done(CommandSpec spec, boolean json, String shard, String state, long version, String text) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("shard", shard);
            out.put("state", state);
            out.put("version", version);
            Output.json(spec.commandLine().getOut(), out);
        } else {
            spec.commandLine().getOut().println(text);
        }
    }

    /** {@code shard add NAME --url URL}: publishes a new, reachable shard. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Publish a new shard; drivers open it when they see the new version.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ShardCommand shard;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "the new shard's name")
        String name;

        @Option(names = "--url", required = true, description = "the JDBC URL of the shard's primary")
        String url;

        @Override
        public Integer call() throws Exception {
            try (Deployment d = shard.parent.deployment()) {
                PlacementState current = MoveSupport.placement(d);
                if (current.shards().stream().anyMatch(s -> s.name().equals(name))) {
                    throw new SQLException("shard " + name + " exists already (topology version " + current.version() + "); "
                            + "shardctl status lists the shards", "42710");
                }
                requireReachable(d.config().shardAt(name, url));
                long version = publish(d, p -> {
                    List<PlacementState.ShardEntry> shards = new ArrayList<>(p.shards());
                    shards.add(new PlacementState.ShardEntry(name, url));
                    return new PlacementState(0, shards, p.groups());
                });
                done(spec, shard.parent.json, name, "added", version, "added shard " + name + " in topology version " + version
                        + "; drivers open it when they see that version");
                return ShardCtl.OK;
            }
        }

        /** Connects once with the credentials drivers will use, so that a wrong URL changes nothing. */
        private static void requireReachable(ShardSpec s) throws SQLException {
            Properties p = new Properties();
            p.putAll(s.properties());
            if (s.username() != null) p.setProperty("user", s.username());
            if (s.password() != null) p.setProperty("password", s.password());
            try (Connection c = DriverManager.getConnection(s.url(), p)) {
                c.isValid(5);
            } catch (SQLException e) {
                throw new SQLException("shard " + s.name() + " at " + io.shardjdbc.directory.Redact.url(s.url()) + " is unreachable: "
                        + e.getMessage() + "; nothing was published", e.getSQLState() == null ? "08001" : e.getSQLState(), e);
            }
        }
    }

    /** {@code shard remove NAME}: takes an empty shard out of the topology. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a shard that holds nothing out of the topology.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ShardCommand shard;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "the shard's name")
        String name;

        @Override
        public Integer call() throws Exception {
            try (Deployment d = shard.parent.deployment()) {
                PlacementState current = MoveSupport.placement(d);
                if (current.shards().stream().noneMatch(s -> s.name().equals(name))) {
                    throw new SQLException("there is no shard " + name + " in topology version " + current.version() + "; the shards are "
                            + current.shards().stream().map(PlacementState.ShardEntry::name).toList(), "42704");
                }
                if (current.shards().get(0).name().equals(name)) {
                    throw new SQLException("shard " + name + " is the default shard (the first): unsharded and broadcast tables live "
                            + "there, so it cannot be removed", "55000");
                }
                List<String> holds = new ArrayList<>();
                for (StatusReport.Table t : StatusReport.of(d).tables()) {
                    for (StatusReport.ShardLoad l : t.shards()) {
                        if (!l.shard().equals(name)) continue;
                        if (l.units() > 0) holds.add(l.units() + " " + t.units() + " of " + t.table());
                        else if (l.rows() != null && l.rows() > 0) holds.add(l.rows() + " rows of " + t.table());
                    }
                }
                if (!holds.isEmpty()) {
                    throw new SQLException("shard " + name + " is not empty: it holds " + String.join(", ", holds)
                            + "; move them away first (shardctl rebalance TABLE --shards ... without " + name + ")", "55000");
                }
                long version = publish(d, p -> new PlacementState(0,
                        p.shards().stream().filter(s -> !s.name().equals(name)).toList(), p.groups()));
                String inConfig = d.config().shards().containsKey(name)
                        ? "; it is still listed in " + d.config().source() + ", remove it there too" : "";
                done(spec, shard.parent.json, name, "removed", version, "removed shard " + name + " in topology version " + version + inConfig);
                return ShardCtl.OK;
            }
        }
    }
}
