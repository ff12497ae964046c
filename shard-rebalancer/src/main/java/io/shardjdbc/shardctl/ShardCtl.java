package io.shardjdbc.shardctl;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code shardctl}: the operator's command line over a shard-jdbc deployment, reading the same
 * config file the drivers use and the same metadata store. Exit codes: {@value #OK} done,
 * {@value #ERROR} failed (message on stderr), {@value #USAGE} bad command line, {@value #UNKNOWN_KEY}
 * a directory key has no shard, {@value #KEY_ELSEWHERE} an assign found the key on another shard,
 * {@value #MISPLACED} verify found rows off their shard, {@value #UNSETTLED} atomic transactions are still in doubt
 * (or a shard could not be asked).
 */
@Command(name = "shardctl", mixinStandardHelpOptions = true, version = "shardctl 0.1",
        description = "Inspect and manage the shards and the metadata store of a shard-jdbc deployment.",
        subcommands = {StatusCommand.class, VerifyCommand.class, ExplainCommand.class, DirectoryCommand.class, TxCommand.class,
                RebalanceCommand.class, MoveCommand.class, SplitCommand.class, PlanCommand.class, MovesCommand.class, MoveByIdCommand.Resume.class,
                MoveByIdCommand.Abort.class, MoveByIdCommand.Reverse.class, ShardCommand.class, CommandLine.HelpCommand.class})
public final class ShardCtl {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int UNKNOWN_KEY = 3;
    public static final int KEY_ELSEWHERE = 4;
    public static final int MISPLACED = 5;
    public static final int UNSETTLED = 6;

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, defaultValue = "${env:SHARDCTL_CONFIG:-shards.yaml}",
            description = "the shard-jdbc config (shards and metadata store), default ${DEFAULT-VALUE} (env SHARDCTL_CONFIG)")
    Path config;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS",
            defaultValue = "${env:SHARDCTL_TIMEOUT:-30}",
            description = "how long a shard may stay silent (connecting, logging in, each read, a count) before it is "
                    + "reported as not answering, default ${DEFAULT-VALUE} (env SHARDCTL_TIMEOUT)")
    int timeoutSeconds;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON for scripts instead of text")
    boolean json;

    /** Loads the config the command line names, with its shard timeout. */
    Deployment deployment() {
        return Deployment.load(config, java.time.Duration.ofSeconds(Math.max(1, timeoutSeconds)));
    }

    /** Runs a command line, printing to {@code out} and {@code err}, and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new ShardCtl());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("shardctl: " + message(e));
            cmd.getErr().flush();
            return ERROR;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(Exception e) {
        if (e instanceof SQLException s) return s.getMessage() + " [SQLState " + s.getSQLState() + "]";
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }
}
