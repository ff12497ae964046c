package io.shardjdbc.shardctl;

import io.shardjdbc.move.MoveEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The commands that act on one recorded move by its id: {@code resume}, {@code abort} and {@code reverse}. */
abstract class MoveByIdCommand implements Callable<Integer> {
    @ParentCommand
    ShardCtl parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the move id (shardctl moves lists them)")
    String id;

    @Mixin
    MoveSupport.RunOptions run;

    /** What the command does to the move. */
    abstract void act(MoveEngine engine, String id) throws Exception;

    @Override
    public Integer call() throws Exception {
        try (Deployment d = parent.deployment()) {
            act(MoveSupport.engine(d, spec.commandLine().getOut(), parent.json, run.haltAfter), id);
            return ShardCtl.OK;
        }
    }

    /** {@code shardctl resume ID}: continues a move from its last recorded step (after a crash, a kill or a failure). */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a move from its last checkpoint to its end.")
    static final class Resume extends MoveByIdCommand {
        @Override
        void act(MoveEngine engine, String id) throws Exception {
            engine.run(id);
        }
    }

    /**
     * {@code shardctl abort ID}: undoes a move that has not flipped: its change capture is dropped, the
     * fence lifted and the rows it copied deleted from the target, so the source is as before.
     */
    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Undo a move that has not flipped yet (the source as before).")
    static final class Abort extends MoveByIdCommand {
        @Override
        void act(MoveEngine engine, String id) throws Exception {
            engine.abort(id);
        }
    }

    /** {@code shardctl reverse ID}: moves a finished move's units back to where they came from, online. */
    @Command(name = "reverse", mixinStandardHelpOptions = true, description = "Move a finished move's units back to its source, online.")
    static final class Reverse extends MoveByIdCommand {
        @Override
        void act(MoveEngine engine, String id) throws Exception {
            engine.reverse(id);
        }
    }
}
