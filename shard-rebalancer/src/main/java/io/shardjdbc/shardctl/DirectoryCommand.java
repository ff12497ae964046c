package io.shardjdbc.shardctl;

import io.shardjdbc.config.TableSpec;
import io.shardjdbc.strategy.KeyType;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shardctl directory get|assign}: the directory entries of directory-sharded tables, in the
 * metadata store. A table names its co-location group's directory; keys are given as text and
 * stored in the canonical form the driver uses (so {@code 007} of an integer key is {@code 7}).
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
        description = "Read and assign the shards of directory-sharded keys.",
        subcommands = {DirectoryCommand.Get.class, DirectoryCommand.Assign.class})
final class DirectoryCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ShardCtl.USAGE;
    }

    /** The answer of both subcommands. */
    record Entry(String table, String directory, String key, String shard, String requested, Boolean assigned) { }

    /** The directory (group) and canonical key of a table's key, or a clear error for a table that is not directory-sharded. */
    static String[] resolve(Deployment d, String table, String key) throws SQLException {
        TableSpec root = d.root(table);
        if (root == null) {
            throw new SQLException("table " + table + " is not in " + d.config().source(), "42P01");
        }
        if (root.strategy() != TableSpec.Strategy.DIRECTORY) {
            throw new SQLException("table " + table + " is placed by " + root.strategy().name().toLowerCase(Locale.ROOT)
                    + ", not by a directory; its keys have no directory entries", "42809");
        }
        return new String[] {root.name().toLowerCase(Locale.ROOT), KeyType.of(root.keyType()).canonical(key)};
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the shard of a key; exits 3 when the key has none.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        DirectoryCommand directory;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "a directory-sharded table (or one co-located with it)")
        String table;

        @Parameters(index = "1", description = "the key")
        String key;

        @Override
        public Integer call() throws Exception {
            ShardCtl root = directory.parent;
            try (Deployment d = root.deployment()) {
                String[] dirKey = resolve(d, table, key);
                String shard = d.store().lookup(dirKey[0], List.of(dirKey[1])).get(dirKey[1]);
                CommandLine cl = spec.commandLine();
                if (root.json) Output.json(cl.getOut(), new Entry(table, dirKey[0], dirKey[1], shard, null, null));
                else if (shard != null) cl.getOut().println(dirKey[1] + " -> " + shard);
                if (shard == null) {
                    cl.getErr().println("shardctl: key " + dirKey[1] + " of table " + table + " has no shard (directory "
                            + dirKey[0] + ")");
                    return ShardCtl.UNKNOWN_KEY;
                }
                return ShardCtl.OK;
            }
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Put a new key on a shard. A key that already has a shard stays there: exits 4 if that is another shard.")
    static final class Assign implements Callable<Integer> {
        @ParentCommand
        DirectoryCommand directory;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "a directory-sharded table (or one co-located with it)")
        String table;

        @Parameters(index = "1", description = "the key")
        String key;

        @Parameters(index = "2", description = "the shard to put it on")
        String shard;

        @Override
        public Integer call() throws Exception {
            ShardCtl root = directory.parent;
            try (Deployment d = root.deployment()) {
                String[] dirKey = resolve(d, table, key);
                if (!d.config().shards().containsKey(shard)) {
                    throw new SQLException("shard " + shard + " is not one of the shards " + d.config().shards().keySet()
                            + " of " + d.config().source(), "22023");
                }
                String owner = d.store().assign(dirKey[0], dirKey[1], shard);
                CommandLine cl = spec.commandLine();
                boolean assigned = owner.equals(shard);
                if (root.json) Output.json(cl.getOut(), new Entry(table, dirKey[0], dirKey[1], owner, shard, assigned));
                else cl.getOut().println(dirKey[1] + " -> " + owner);
                if (!assigned) {
                    cl.getErr().println("shardctl: key " + dirKey[1] + " of table " + table + " is already on shard " + owner
                            + ", not " + shard + "; moving a key is resharding, not an assignment");
                    return ShardCtl.KEY_ELSEWHERE;
                }
                return ShardCtl.OK;
            }
        }
    }
}
