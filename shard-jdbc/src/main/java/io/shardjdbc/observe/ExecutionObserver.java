package io.shardjdbc.observe;

import io.shardjdbc.route.RoutePlan;

/**
 * Sees each execution of a logical statement and each of its shard statements, at the point where they run: the
 * route logger, metrics and tracing plug in here. Called on the application's thread for the execution and on the
 * driver's executor threads for shard statements that run in parallel, so implementations are thread-safe; they
 * are on the statement path, so an observer that is not interested returns {@link Execution#IGNORED} at once (then
 * nothing else is called for that execution).
 */
public interface ExecutionObserver {

    /**
     * A logical statement starts running a plan.
     *
     * @param plan the route (its kind, units and shape: {@link ExecutionShape#of})
     * @param sql  the logical SQL text
     * @return what sees the execution's shard statements and its end
     */
    Execution started(RoutePlan plan, String sql);

    /** One execution of a logical statement. */
    interface Execution {
        /** An execution no one observes. */
        Execution IGNORED = new Execution() {
            @Override
            public ShardStatement shardStatement(int shard, String shardName, String sql) {
                return ShardStatement.IGNORED;
            }

            @Override
            public void finished(Throwable error) {
            }
        };

        /** A physical statement starts on a shard (a unit of the plan, or a read of a federated query). */
        ShardStatement shardStatement(int shard, String shardName, String sql);

        /** The execution ended (its shard statements ran; rows may still be read); {@code error} is null on success. */
        void finished(Throwable error);
    }

    /** One physical statement on one shard. */
    @FunctionalInterface
    interface ShardStatement {
        /** A shard statement no one observes. */
        ShardStatement IGNORED = error -> { };

        /** The shard statement ran; {@code error} is null on success. */
        void finished(Throwable error);
    }
}
