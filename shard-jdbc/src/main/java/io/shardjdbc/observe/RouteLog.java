package io.shardjdbc.observe;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.route.RoutePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs where each statement went, at DEBUG on the logger {@code io.shardjdbc.route}: its shape, the shards and
 * physical SQL of its shard statements, and times. Off by default; when DEBUG is off an execution costs one
 * {@code isDebugEnabled()} check.
 */
public final class RouteLog implements ExecutionObserver {
    /** The logger's name: set it to DEBUG to see routes. */
    public static final String LOGGER = "io.shardjdbc.route";
    private final Logger log;

    /** Logs to {@link #LOGGER}. */
    public RouteLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    /** Logs to {@code log} (an application that routes logs its own way). */
    public RouteLog(Logger log) {
        this.log = log;
    }

    @Override
    public Execution started(RoutePlan plan, String sql) {
        if (!log.isDebugEnabled()) return Execution.IGNORED;
        return new Logged(log, plan, sql);
    }

    /** One execution, written as one line when it ends. */
    private static final class Logged implements Execution {
        private final long start = System.nanoTime();
        private final Logger log;
        private final RoutePlan plan;
        private final String sql;
        private final List<String> shardStatements = new ArrayList<>(2);

        Logged(Logger log, RoutePlan plan, String sql) {
            this.log = log;
            this.plan = plan;
            this.sql = sql;
        }

        @Override
        public ShardStatement shardStatement(int shard, String shardName, String physicalSql) {
            long began = System.nanoTime();
            return error -> {
                String line = shardName + " " + millis(began) + (error == null ? "" : " failed") + ": " + physicalSql;
                synchronized (shardStatements) { // shard statements of one execution end on several threads
                    shardStatements.add(line);
                }
            };
        }

        @Override
        public void finished(Throwable error) {
            StringBuilder out = new StringBuilder();
            out.append(plan.kind()).append(' ').append(ExecutionShape.of(plan).tag()).append(' ').append(millis(start));
            if (error != null) out.append(" failed (").append(error.getMessage()).append(')');
            out.append(": ").append(ShardErrors.abbreviate(sql));
            synchronized (shardStatements) {
                for (String s : shardStatements) out.append("\n  ").append(s);
            }
            log.debug(out.toString());
        }

        private static String millis(long since) {
            return String.format(Locale.ROOT, "%.3f ms", (System.nanoTime() - since) / 1e6);
        }
    }
}
