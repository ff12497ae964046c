package io.shardjdbc.shardctl;

import io.shardjdbc.config.TableSpec;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.move.MoveEngine;
import io.shardjdbc.move.Progress;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.topology.Topology;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What the move commands share: the engine over a deployment's store, and the options of a running move. */
final class MoveSupport {
    /** Options of every command that runs moves. */
    static final class RunOptions {
        @Option(names = "--rate", defaultValue = "0", description = "copy at most this many rows per second (0: no limit)")
        long rate;

        @Option(names = "--chunk", defaultValue = "10000", description = "rows per copy chunk (one checkpoint each), default ${DEFAULT-VALUE}")
        int chunk;

        @Option(names = "--keep-source", paramLabel = "DURATION", description = "keep the moved rows on the source this long after "
                + "the flip (e.g. 30m, 1h, 2d): verify counts them as awaiting cleanup, reverse moves the units back, resume deletes them")
        String keepSource;

        /** The options of the moves this command creates. */
        MoveEngine.Options options() {
            return new MoveEngine.Options(chunk, rate, keepSource == null ? 0 : duration(keepSource).toMillis());
        }

        private static java.time.Duration duration(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--keep-source " + text + ": give a duration like 90s, 30m, 1h or 2d");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(n);
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            };
        }

        /** Fault tests: halt the process (as kill -9 would) right after recording this state. */
        @Option(names = "--halt-after", hidden = true)
        String haltAfter;
    }

    private MoveSupport() { }

    /** The store's move journal; moves need the store's database (the directory service cannot hold them). */
    static MoveJournal journal(Deployment d) throws SQLException {
        if (!(d.store() instanceof JdbcMetadataStore jdbc)) {
            throw new SQLException("moves are recorded in the metadata store's database, and " + d.storeDescription()
                    + " is the directory service; give shardctl a config whose metadata.url is the store's jdbc: URL", "0A000");
        }
        return jdbc.moves();
    }

    static MoveEngine engine(Deployment d, PrintWriter out, boolean json, String haltAfter) throws SQLException {
        boolean bar = !json && System.console() != null;
        return new MoveEngine(d.config(), d.store(), journal(d), new Progress(out, bar), haltAfter);
    }

    /** The published placement, publishing the config's initial one first when the store has none (as a driver would). */
    static PlacementState placement(Deployment d) throws SQLException {
        PlacementState p = d.store().placement();
        if (p != null) return p;
        try {
            d.store().publish(Topology.initialPlacement(d.config()), 0);
        } catch (SQLException e) {
            if (!"40001".equals(e.getSQLState())) throw e;
        }
        return d.store().placement();
    }

    /** A move command's start: its target known, its table's group with no unfinished move, the placement published. */
    record Start(String group, MoveEngine engine) { }

    /**
     * Checks what every move command checks first — the target shard exists, the table is sharded, its
     * group has no unfinished move — publishes the config's placement if the store has none, and gives
     * the engine the command's moves run on.
     */
    static Start start(Deployment d, String table, String target, PrintWriter out, boolean json, String haltAfter) throws SQLException {
        requireShards(d, List.of(target));
        String group = group(d, table);
        requireNoUnfinished(journal(d), group);
        placement(d);
        return new Start(group, engine(d, out, json, haltAfter));
    }

    /** The co-location group (its root table, lower case) of a sharded table, or a clear error for another table. */
    static String group(Deployment d, String table) throws SQLException {
        TableSpec root = d.root(table);
        if (root == null || root.broadcast()) {
            throw new SQLException("table " + table + " is not a sharded table of " + d.config().source(), "42P01");
        }
        return root.name().toLowerCase(Locale.ROOT);
    }

    /** The bucket map of a hash table's group, or a clear error for another kind of table. */
    static List<String> bucketMap(Deployment d, String table) throws SQLException {
        TableSpec root = d.root(table);
        if (root == null || root.broadcast()) {
            throw new SQLException("table " + table + " is not a sharded table of " + d.config().source(), "42P01");
        }
        if (root.strategy() != TableSpec.Strategy.HASH) {
            throw new SQLException("table " + table + " is placed by " + root.strategy().name().toLowerCase(Locale.ROOT)
                    + "; buckets belong to hash-sharded tables", "0A000");
        }
        PlacementState.GroupState g = placement(d).groups().get(root.name().toLowerCase(Locale.ROOT));
        return g.buckets();
    }

    /** Fails when a move of {@code group} is unfinished (one group moves one step at a time). */
    static void requireNoUnfinished(MoveJournal journal, String group) throws SQLException {
        for (MoveJournal.Move m : journal.list()) {
            if (m.group().equalsIgnoreCase(group) && !m.state().equals(MoveEngine.DONE) && !m.state().equals(MoveEngine.ABORTED)
                    && !m.state().equals(MoveEngine.KEPT)) {
                throw new SQLException("move " + m.id() + " of " + m.group() + " is unfinished (" + m.state() + "); run shardctl resume "
                        + m.id() + " or shardctl abort " + m.id() + " first", MoveJournal.CONFLICT);
            }
        }
    }

    /** Fails naming the config's shards when one of {@code names} is neither among them nor listed by the store. */
    static void requireShards(Deployment d, List<String> names) throws SQLException {
        PlacementState p = d.hasStore() ? d.store().placement() : null;
        for (String n : names) {
            boolean listed = p != null && p.shards().stream().anyMatch(e -> e.name().equals(n));
            if (!d.config().shards().containsKey(n) && !listed) {
                throw new SQLException("unknown shard '" + n + "'; the config " + d.config().source() + " has shards "
                        + d.config().shards().keySet(), "42704");
            }
        }
    }
}
