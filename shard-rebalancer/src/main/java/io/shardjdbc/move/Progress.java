package io.shardjdbc.move;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running move reports: on a terminal, one line redrawn as a bar (rows copied of the
 * estimate, rate, lag, ETA) and a line per step; otherwise (or with {@code --json}) one JSON object
 * per line, for scripts and logs.
 */
public final class Progress {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter out;
    private final boolean bar;
    private long lastDraw;

    /** @param bar draw a bar (a terminal) instead of JSON lines */
    public Progress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** A step of a move began or ended. */
    void step(String moveId, String state, String detail) {
        if (bar) {
            out.print("\r\u001b[2K");
            out.println(moveId + "  " + state + (detail == null ? "" : "  " + detail));
        } else {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("move", moveId);
            e.put("state", state);
            if (detail != null) e.put("detail", detail);
            line(e);
        }
        out.flush();
    }

    /** Copy progress: rows copied so far of the estimate, at {@code rowsPerSecond}. */
    void copied(String moveId, String table, long rows, long estimated, double rowsPerSecond) {
        long now = System.nanoTime();
        if (bar) {
            if (now - lastDraw < REDRAW_NANOS) return;
            lastDraw = now;
            int width = 30;
            double done = estimated <= 0 ? 0 : Math.min(1, rows / (double) estimated);
            int filled = (int) (done * width);
            long eta = rowsPerSecond <= 0 ? -1 : (long) (Math.max(0, estimated - rows) / rowsPerSecond);
            out.print("\r\u001b[2K" + moveId + " " + table + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + rows + "/" + estimated + " rows  " + (long) rowsPerSecond + " rows/s" + (eta < 0 ? "" : "  ETA " + eta + " s"));
            out.flush();
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("move", moveId);
        e.put("state", "COPYING");
        e.put("table", table);
        e.put("rows", rows);
        e.put("estimated", estimated);
        e.put("rowsPerSecond", Math.round(rowsPerSecond));
        line(e);
        out.flush();
    }

    /** Catch-up progress: changes applied in the last round and how long the round took. */
    void caughtUp(String moveId, long changes, long millis) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("move", moveId);
        e.put("state", "CATCHUP");
        e.put("changesApplied", changes);
        e.put("lagMillis", millis);
        if (bar) out.println("\r\u001b[2K" + moveId + "  CATCHUP  " + changes + " changes applied, lag " + millis + " ms");
        else line(e);
        out.flush();
    }

    private void line(Map<String, Object> e) {
        try {
            out.println(JSON.writeValueAsString(e));
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
    }
}
