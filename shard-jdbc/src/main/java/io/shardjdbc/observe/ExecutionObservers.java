package io.shardjdbc.observe;

import io.shardjdbc.route.RoutePlan;
import java.util.Arrays;
import java.util.Objects;

/**
 * The observers of one data source (or driver URL): its {@link RouteLog} and those the application adds (metrics,
 * tracing). Adding and removing copy the array, so running statements read it without locks.
 */
public final class ExecutionObservers implements ExecutionObserver {
    private volatile ExecutionObserver[] observers;

    /** Observers starting with {@code initial}. */
    public ExecutionObservers(ExecutionObserver... initial) {
        this.observers = initial.clone();
    }

    /** Adds an observer of every later execution. */
    public synchronized void add(ExecutionObserver observer) {
        Objects.requireNonNull(observer, "observer");
        ExecutionObserver[] next = Arrays.copyOf(observers, observers.length + 1);
        next[next.length - 1] = observer;
        observers = next;
    }

    /** Removes an observer added before; nothing happens if it is not there. */
    public synchronized void remove(ExecutionObserver observer) {
        observers = Arrays.stream(observers).filter(o -> o != observer).toArray(ExecutionObserver[]::new);
    }

    @Override
    public Execution started(RoutePlan plan, String sql) {
        ExecutionObserver[] all = observers;
        Execution only = Execution.IGNORED;
        Execution[] several = null;
        int n = 0;
        for (ExecutionObserver o : all) {
            Execution e = o.started(plan, sql);
            if (e == Execution.IGNORED) continue;
            if (n == 0) only = e;
            else {
                if (several == null) {
                    several = new Execution[all.length];
                    several[0] = only;
                }
                several[n] = e;
            }
            n++;
        }
        return n <= 1 ? only : new Both(Arrays.copyOf(several, n));
    }

    /** The execution as several observers see it. */
    private record Both(Execution[] executions) implements Execution {
        @Override
        public ShardStatement shardStatement(int shard, String shardName, String sql) {
            ShardStatement[] each = new ShardStatement[executions.length];
            for (int i = 0; i < each.length; i++) each[i] = executions[i].shardStatement(shard, shardName, sql);
            return error -> {
                for (ShardStatement s : each) s.finished(error);
            };
        }

        @Override
        public void finished(Throwable error) {
            for (Execution e : executions) e.finished(error);
        }
    }
}
