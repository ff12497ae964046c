package io.shardjdbc.route;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import io.shardjdbc.sql.StatementAnalyzer;

/**
 * Turns SQL text and bound parameters into a {@link RoutePlan} on one {@link Topology} snapshot.
 * The analysis of each distinct SQL text is cached (failures included), so a repeated statement
 * costs only parameter evaluation. Thread-safe.
 */
public final class Router {
    private final Topology topology;
    private final Cache<String, PreparedRoute> cache;
    private final RouteBinder binder;

    public Router(Topology topology, int cacheSize) {
        this.topology = topology;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.binder = new RouteBinder(topology, new StatementAnalyzer(topology.dialect()));
    }

    public Topology topology() { return topology; }

    /** The cached routing of a SQL text; never throws, analysis errors surface in {@link PreparedRoute#route}. */
    public PreparedRoute prepare(String sql) {
        return cache.get(sql, this::analyse);
    }

    /** Routes one execution of a SQL text. */
    public RoutePlan route(String sql, Parameters params) throws SQLException {
        return prepare(sql).route(params);
    }

    private PreparedRoute analyse(String sql) {
        return binder.bind(sql);
    }
}
