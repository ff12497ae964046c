package io.shardjdbc.jdbc;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.execute.UnitRunner;
import io.shardjdbc.federation.ShardQuery;
import io.shardjdbc.federation.ShardSource;
import io.shardjdbc.merge.RowsResultSet;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shard reads of one federated execution, on the logical connection's physical connections:
 * each batch of shard queries runs through the connection's {@link UnitRunner} like any read
 * (placed on a replica outside read-write transactions, the primary enlisted in a transaction, the
 * primary for a {@code /* primary *}{@code /} query; run again when a replica failed it) and runs
 * in parallel; its statements are tracked by the logical statement, so {@code cancel()} and query
 * timeouts reach them. Everything is released when the federated result closes.
 */
final class FederatedReads implements ShardSource {
    private final AbstractShardStatement owner;
    private final ShardConnection connection;
    private final boolean primaryRead;
    private final String logicalSql;
    private final List<PreparedStatement> statements = new ArrayList<>();
    private final List<ResultSet> results = new ArrayList<>();
    // the shard connections the reads use stay with the logical connection until the result closes
    private final List<Long> leases = new ArrayList<>();
    private boolean closed;
    private final ExecutionObserver.Execution observed;

    /**
     * @param owner the logical statement whose settings (fetch size, timeout) and cancel apply, or
     *              null for {@code explain}
     */
    FederatedReads(AbstractShardStatement owner, ShardConnection connection, boolean primaryRead, String logicalSql) {
        this.owner = owner;
        this.connection = connection;
        this.primaryRead = primaryRead;
        this.logicalSql = logicalSql;
        // taken now: the engine may read shards while the application reads rows, after the execution returned
        this.observed = owner == null ? ExecutionObserver.Execution.IGNORED : owner.observed();
    }

    @Override
    public List<ResultSet> query(List<ShardQuery> queries) throws SQLException {
        List<ResultSet> rs = connection.units().run(planOf(queries), logicalSql, new Attempt<>(this) {
            @Override
            public List<ResultSet> run(int[] slots) throws SQLException {
                return runOn(queries, slots);
            }
        });
        results.addAll(rs);
        return rs;
    }

    private List<ResultSet> runOn(List<ShardQuery> queries, int[] slots) throws SQLException {
        int n = queries.size();
        PreparedStatement[] ps = new PreparedStatement[n];
        for (int i = 0; i < n; i++) {
            ShardQuery q = queries.get(i);
            int slot = slots == null ? q.shard() : slots[i];
            try {
                ps[i] = prepare(slot, q.sql(), q.values());
            } catch (SQLException e) {
                throw ShardErrors.fromShard(q.shardName(), q.sql(), e);
            }
            if (slot == q.shard()) connection.runtime().countPrimaryStatement(slot);
        }
        return connection.runtime().parallel().runStatements(ps, i -> {
            ShardQuery q = queries.get(i);
            ExecutionObserver.ShardStatement seen = observed.shardStatement(q.shard(), q.shardName(), q.sql());
            try {
                ResultSet r = ps[i].executeQuery();
                seen.finished(null);
                return r;
            } catch (SQLException e) {
                SQLException out = ShardErrors.fromShard(q.shardName(), q.sql(), e);
                seen.finished(out);
                throw out;
            }
        }, r -> {
            try {
                r.close();
            } catch (SQLException ignored) {
                // another shard failed; that failure is reported
            }
        });
    }

    @Override
    public ResultSetMetaData describe(int shard, String sql, List<Object> values) throws SQLException {
        String name = connection.runtime().topology().shardName(shard);
        ShardQuery query = new ShardQuery(shard, name, sql, List.of());
        return connection.units().run(planOf(List.of(query)), logicalSql, new Attempt<>(this) {
            @Override
            public ResultSetMetaData run(int[] slots) throws SQLException {
                return describeOn(slots == null ? shard : slots[0], name, sql, values);
            }
        });
    }

    private ResultSetMetaData describeOn(int slot, String name, String sql, List<Object> values) throws SQLException {
        try {
            PreparedStatement ps = prepare(slot, sql, values);
            try {
                ResultSetMetaData md = ps.getMetaData();
                if (md == null) { // a driver that describes a statement only by running it
                    ps.setMaxRows(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        return RowsResultSet.snapshot(rs.getMetaData(), rs.getMetaData().getColumnCount());
                    }
                }
                return RowsResultSet.snapshot(md, md.getColumnCount());
            } finally {
                statements.remove(ps);
                release(ps);
            }
        } catch (SQLException e) {
            throw ShardErrors.fromShard(name, sql, e);
        }
    }

    @Override
    public TextOrder textOrder() throws SQLException {
        ShardRuntime runtime = connection.runtime();
        return runtime.textOrderOfShards(values -> {
            int shard = runtime.topology().liveShards()[0];
            ShardQuery rank = new ShardQuery(shard, runtime.topology().shardName(shard), ShardRuntime.RANK_TEXT_SQL,
                    List.of((Object) values.toArray(new String[0])));
            Map<String, Integer> ranks = new HashMap<>();
            try (ResultSet rs = query(List.of(rank)).get(0)) {
                while (rs.next()) ranks.put(rs.getString(1), rs.getInt(2));
            }
            return ranks;
        });
    }

    /** Shard queries as a read plan, placed like any read (a replica, or the primary enlisted in a transaction). */
    private RoutePlan planOf(List<ShardQuery> queries) {
        List<RouteUnit> units = new ArrayList<>(queries.size());
        for (ShardQuery q : queries) units.add(new RouteUnit(q.shard(), q.shardName(), q.sql(), null));
        return new RoutePlan(StatementKind.QUERY, units, RoutePlan.UpdateCount.SUM, null, null, primaryRead);
    }

    /** A try of shard reads; a failed one gives back the statements and connections it took. */
    private abstract static class Attempt<T> implements UnitRunner.Attempt<T> {
        private final FederatedReads reads;
        private final int statementsBefore;
        private final int leasesBefore;

        Attempt(FederatedReads reads) {
            this.reads = reads;
            this.statementsBefore = reads.statements.size();
            this.leasesBefore = reads.leases.size();
        }

        @Override
        public void reset() {
            List<PreparedStatement> taken = reads.statements.subList(statementsBefore, reads.statements.size());
            for (PreparedStatement ps : taken) reads.release(ps);
            taken.clear();
            List<Long> leased = reads.leases.subList(leasesBefore, reads.leases.size());
            for (long token : leased) reads.connection.unlease(token);
            leased.clear();
        }
    }

    private PreparedStatement prepare(int slot, String sql, List<Object> values) throws SQLException {
        leases.add(connection.lease(slot));
        PreparedStatement ps = connection.physical(slot).prepareStatement(sql);
        if (owner != null) owner.register(ps);
        statements.add(ps);
        ps.setMaxRows(0); // the logical statement's max rows cut the federated result, not a shard's part of it
        for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i));
        return ps;
    }

    private void release(PreparedStatement ps) {
        if (owner != null) {
            owner.release(ps);
            return;
        }
        try {
            ps.close();
        } catch (SQLException ignored) {
            // a statement no longer needed
        }
    }

    @Override
    public void rowFetched(int shard) {
        connection.runtime().countFederatedRow(shard);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ResultSet r : results) {
            try {
                r.close();
            } catch (SQLException ignored) {
                // closing what the federated result no longer reads
            }
        }
        for (PreparedStatement ps : statements) release(ps);
        statements.clear();
        for (long token : leases) connection.unlease(token);
        leases.clear();
        connection.statementDone();
    }
}
