package io.shardjdbc.shardctl;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs shardctl in-process, as the tests' command lines: what it printed and its exit code. */
final class Ctl {
    private Ctl() { }

    /** One run: the exit code, standard output and standard error. */
    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
