package io.shardjdbc.engine;

import java.sql.SQLException;

/** One step of running a plan; the steps it reads from are its inputs. Immutable. */
public interface Primitive {
    /** Runs this step (and its inputs) for one execution: the rows it gives, or its update count. */
    Outcome open(Execution execution) throws SQLException;

    /** This step's line of the tree (what it does, not its inputs). */
    String line();

    /** The steps this one reads from, in order; empty for a leaf. */
    default java.util.List<Primitive> inputs() { return java.util.List.of(); }

    /** This step and its inputs, one line each, inputs indented under it: what {@code explain} prints. */
    default String describe() {
        StringBuilder sb = new StringBuilder();
        describe(this, 0, sb);
        return sb.toString();
    }

    private static void describe(Primitive p, int depth, StringBuilder sb) {
        if (sb.length() > 0) sb.append('\n');
        sb.append("  ".repeat(depth)).append(p.line());
        for (Primitive in : p.inputs()) describe(in, depth + 1, sb);
    }
}
