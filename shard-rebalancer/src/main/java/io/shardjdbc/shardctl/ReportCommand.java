package io.shardjdbc.shardctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that reads the deployment into a report, prints it as text or JSON, and exits by what it found. */
abstract class ReportCommand implements Callable<Integer> {
    /** What a report command prints and the exit code its findings mean. */
    interface Report {
        void printText(PrintWriter out);

        /** The exit code; explains a failing one on {@code err}. */
        int exitCode(PrintWriter err);
    }

    @ParentCommand
    private ShardCtl parent;

    @Spec
    private CommandSpec spec;

    abstract Report report(Deployment d) throws Exception;

    @Override
    public final Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            Report report = report(d);
            if (parent.json) Output.json(spec.commandLine().getOut(), report);
            else report.printText(spec.commandLine().getOut());
            return report.exitCode(spec.commandLine().getErr());
        }
    }
}
