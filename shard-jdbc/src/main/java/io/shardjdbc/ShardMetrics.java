package io.shardjdbc;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.replica.ReplicaDialect;
import io.shardjdbc.replica.ReplicaNode;
import io.shardjdbc.replica.ReplicaSet;

/**
 * Micrometer meters of a shard-jdbc data source (Micrometer is an optional dependency: bind these
 * only where it is on the classpath):
 * <ul>
 *   <li>{@code shardjdbc.statements} (counter; tags shard, node, role=primary|replica): physical
 *       statements run per node;</li>
 *   <li>{@code shardjdbc.federation.rows} (counter; tag shard): rows federated queries fetched from
 *       the shard;</li>
 *   <li>{@code shardjdbc.replica.lag} (gauge, seconds; NaN while unknown): measured replica lag;</li>
 *   <li>{@code shardjdbc.replica.circuit.open} (gauge, 1 while the replica is taken out after a failure);</li>
 *   <li>{@code shardjdbc.replica.reads.in.flight} (gauge): reads running on the replica now;</li>
 *   <li>{@code shardjdbc.moves.held} (counter): statements a move's fence refused that waited for the new
 *       topology; {@code shardjdbc.moves.waiting} (gauge): those waiting now;</li>
 *   <li>{@code shardjdbc.seek.pages} (counter; tag outcome=served|abandoned): deep pages the two-round
 *       seek served, or started and then ran the ordinary way; {@code shardjdbc.seek.rows} (counter):
 *       rows its rounds read from shards.</li>
 * </ul>
 * Usage: {@code new ShardMetrics(dataSource).bindTo(registry)}.
 */
public final class ShardMetrics implements MeterBinder {
    private final ShardRuntime runtime;

    public ShardMetrics(ShardDataSource dataSource) {
        this(dataSource.runtime());
    }

    /** The meters of a runtime (a data source's, or a {@code jdbc:shard:} URL's through its connections). */
    public ShardMetrics(ShardRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int shard = 0; shard < runtime.topology().shardCount(); shard++) {
            int s = shard;
            String name = runtime.topology().shardName(s);
            FunctionCounter.builder("shardjdbc.statements", runtime, r -> r.primaryStatements(s))
                    .tags(Tags.of("shard", name, "node", name, "role", "primary"))
                    .description("physical statements run on the node")
                    .register(registry);
            FunctionCounter.builder("shardjdbc.federation.rows", runtime, r -> r.federatedRows(s))
                    .tags(Tags.of("shard", name))
                    .description("rows federated queries fetched from the shard")
                    .register(registry);
            ReplicaSet replicas = runtime.replicas();
            if (replicas == null) continue;
            for (int i = 0; i < replicas.replicaCount(s); i++) {
                ReplicaNode node = replicas.node(s, i);
                Tags tags = Tags.of("shard", name, "node", name + "-replica-" + i, "role", "replica");
                FunctionCounter.builder("shardjdbc.statements", node, ReplicaNode::served)
                        .tags(tags).description("physical statements run on the node").register(registry);
                Gauge.builder("shardjdbc.replica.lag", node, ShardMetrics::lagSeconds)
                        .tags(tags).baseUnit("seconds").description("measured replication lag").register(registry);
                Gauge.builder("shardjdbc.replica.circuit.open", node, n -> n.isDown() ? 1 : 0)
                        .tags(tags).description("1 while the replica is taken out after a failure").register(registry);
                Gauge.builder("shardjdbc.replica.reads.in.flight", node, ReplicaNode::inFlight)
                        .tags(tags).description("reads running on the replica").register(registry);
            }
        }
        FunctionCounter.builder("shardjdbc.moves.held", runtime, r -> r.moveHold().held())
                .description("statements a move's fence refused that waited for the new topology").register(registry);
        Gauge.builder("shardjdbc.moves.waiting", runtime, r -> r.moveHold().waiting())
                .description("statements waiting for the topology of a move now").register(registry);
        FunctionCounter.builder("shardjdbc.seek.pages", runtime, r -> r.pageSeeks().served())
                .tags(Tags.of("outcome", "served")).description("deep pages the two-round seek served").register(registry);
        FunctionCounter.builder("shardjdbc.seek.pages", runtime, r -> r.pageSeeks().abandoned())
                .tags(Tags.of("outcome", "abandoned")).description("deep pages that started a seek and ran the ordinary way")
                .register(registry);
        FunctionCounter.builder("shardjdbc.seek.rows", runtime, r -> r.pageSeeks().rowsFetched())
                .description("rows the seek rounds read from shards").register(registry);
    }

    private static double lagSeconds(ReplicaNode n) {
        long lag = n.lagMillis();
        return lag == ReplicaDialect.UNKNOWN ? Double.NaN : lag / 1000.0;
    }
}
