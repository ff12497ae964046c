package io.shardjdbc.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.observe.ExecutionShape;
import io.shardjdbc.route.RoutePlan;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observes each execution ({@value #EXECUTION}: its shape and kind) and, as its children, each shard statement
 * ({@value #SHARD_STATEMENT}: the shard, its database and server, the operation and the physical SQL). With Boot's
 * meter handler these become timers per shard and per shape (with an {@code error} tag on failures); with a tracer,
 * spans.
 */
public final class ShardObservations implements ExecutionObserver {
    /** The observation of a logical statement's execution. */
    public static final String EXECUTION = "shardjdbc.execution";
    /** The observation of one physical statement on one shard. */
    public static final String SHARD_STATEMENT = "shardjdbc.shard.statement";

    private final ObservationRegistry registry;
    private final ShardRuntime runtime;
    // shards join while the runtime runs (a metadata store): endpoints are read on first use
    private final Map<String, ShardEndpoint> endpoints = new ConcurrentHashMap<>();

    /** Observes a runtime's executions in {@code registry}; nothing when the registry is a no-op one. */
    public ShardObservations(ObservationRegistry registry, ShardRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    @Override
    public Execution started(RoutePlan plan, String sql) {
        if (registry.isNoop()) return Execution.IGNORED;
        Observation execution = Observation.createNotStarted(EXECUTION, registry)
                .contextualName("shardjdbc " + operation(sql))
                .lowCardinalityKeyValue("shardjdbc.shape", ExecutionShape.of(plan).tag())
                .lowCardinalityKeyValue("db.operation.name", operation(sql))
                .highCardinalityKeyValue("db.query.text", sql)
                .start();
        return new Observed(execution);
    }

    private ShardEndpoint endpoint(String shardName) {
        return endpoints.computeIfAbsent(shardName, name -> {
            ShardSpec spec = runtime.config().shards().get(name);
            return spec == null ? new ShardEndpoint("", "", "", -1) : ShardEndpoint.of(spec.url());
        });
    }

    /** The statement's first word, as {@code db.operation.name} wants it: SELECT, INSERT, SET, ... */
    static String operation(String sql) {
        String s = sql.stripLeading();
        while (s.startsWith("/*")) { // a shard hint or another comment before the statement
            int end = s.indexOf("*/");
            if (end < 0) return "UNKNOWN";
            s = s.substring(end + 2).stripLeading();
        }
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
        return i == 0 ? "UNKNOWN" : s.substring(0, i).toUpperCase(Locale.ROOT);
    }

    /** One execution and the shard statements it runs. */
    private final class Observed implements Execution {
        private final Observation execution;

        Observed(Observation execution) {
            this.execution = execution;
        }

        @Override
        public ShardStatement shardStatement(int shard, String shardName, String sql) {
            ShardEndpoint endpoint = endpoint(shardName);
            String operation = operation(sql);
            Observation statement = Observation.createNotStarted(SHARD_STATEMENT, registry)
                    .parentObservation(execution) // shard statements may run on the driver's threads
                    .contextualName(operation + " " + shardName)
                    .lowCardinalityKeyValue("shardjdbc.shard", shardName)
                    .lowCardinalityKeyValue("db.system.name", endpoint.system())
                    .lowCardinalityKeyValue("db.namespace", endpoint.database())
                    .lowCardinalityKeyValue("db.operation.name", operation)
                    .lowCardinalityKeyValue("server.address", endpoint.host())
                    .lowCardinalityKeyValue("server.port", endpoint.port() < 0 ? "" : Integer.toString(endpoint.port()))
                    .highCardinalityKeyValue("db.query.text", sql)
                    .start();
            return error -> {
                if (error != null) statement.error(error);
                statement.stop();
            };
        }

        @Override
        public void finished(Throwable error) {
            if (error != null) execution.error(error);
            execution.stop();
        }
    }
}
