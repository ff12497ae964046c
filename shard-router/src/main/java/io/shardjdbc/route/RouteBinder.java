package io.shardjdbc.route;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.sql.ColumnRef;
import io.shardjdbc.sql.Condition;
import io.shardjdbc.sql.Keywords;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.MaskedSql;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.StatementShape;
import io.shardjdbc.sql.StatementText;
import io.shardjdbc.sql.Subquery;
import io.shardjdbc.sql.TableRef;
import io.shardjdbc.sql.Token;
import io.shardjdbc.strategy.GeoPlacement;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.BroadcastTable;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.TableRule;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides, once per SQL text and topology, how a statement routes: which kind of
 * {@link PreparedRoute} serves it, or why it cannot be routed. The rules keep results exact: a
 * statement runs on several shards only when each shard's part is the right answer for that shard.
 */
final class RouteBinder {
    private final Topology topology;
    private final StatementAnalyzer analyzer;

    RouteBinder(Topology topology, StatementAnalyzer analyzer) {
        this.topology = topology;
        this.analyzer = analyzer;
    }

    PreparedRoute bind(String sql) {
        LexedSql lexed = analyzer.lex(sql);
        StatementKind kind = Keywords.kind(lexed);
        int params = lexed.paramOffsets().length;
        try {
            StatementText.requireReadable(lexed, kind, topology.dialect());
        } catch (SQLException unreadable) {
            return new FailedRoute(topology, sql, kind, params, unreadable, true);
        }
        try {
            if (kind == StatementKind.TRANSACTION) return new TransactionRoute(topology, sql, Keywords.transaction(lexed));
            if (!lexed.shardHint().isEmpty()) return hinted(lexed, kind);
            return switch (kind) {
                case SESSION -> session(lexed);
                case DDL -> ddl(lexed);
                case OTHER -> fixed(lexed, kind, new int[] {0}, RoutePlan.UpdateCount.SUM);
                default -> {
                    StatementShape shape = analyzer.shape(lexed, kind);
                    ReadFirst insertRows = ReadFirstRoute.insertReadsFirst(shape, topology)
                            ? ReadFirstRoute.readsOf(lexed, shape, topology) : null;
                    if (insertRows != null) yield new ReadFirstRoute(topology, sql, kind, params, insertRows);
                    requireRowsStayInPlace(lexed, shape, false);
                    boolean primary = kind == StatementKind.QUERY
                            && (lexed.primaryHint() || shape.clauses().contains(MaskedSql.Clause.ROW_LOCK));
                    PreparedRoute route;
                    try {
                        route = shaped(lexed, shape);
                    } catch (SQLFeatureNotSupportedException refused) {
                        route = shape.kind() == StatementKind.QUERY ? federated(lexed, shape, refused)
                                : readFirst(lexed, shape, refused);
                    }
                    yield PrimaryReadRoute.when(primary, route);
                }
            };
        } catch (Binding b) {
            return new FailedRoute(topology, sql, kind, params, b.refusal, true);
        } catch (SQLException e) {
            return new FailedRoute(topology, sql, kind, params, e);
        } catch (StackOverflowError e) { // a condition tree deeper than routing recurses; the analysis bounds most
            return new FailedRoute(topology, sql, kind, params,
                    StatementAnalyzer.tooComplex(sql, "its conditions nest too deeply to route", null));
        }
    }

    /** A refusal no hint may override (it keeps rows on their shards, or the text is not one statement). */
    private static final class Binding extends SQLException {
        final SQLException refusal;

        Binding(SQLException refusal) {
            super(refusal.getMessage(), refusal.getSQLState(), refusal);
            this.refusal = refusal;
        }
    }

    /**
     * A statement with a {@code /* shard: NAME *}{@code /} hint runs unchanged on the named shards, but the
     * checks that keep rows on their shards still apply: they are read from the parsed statement, or, when
     * Calcite cannot read it (which is what hints are for), from its tokens.
     */
    private PreparedRoute hinted(LexedSql lexed, StatementKind kind) throws SQLException {
        int[] shards = new int[lexed.shardHint().size()];
        try {
            for (int i = 0; i < shards.length; i++) shards[i] = BoundRoute.requireShard(topology, lexed.shardHint().get(i));
        } catch (SQLException unknown) {
            throw new Binding(unknown);
        }
        BoundRoute rows = null;
        if (kind == StatementKind.QUERY || kind.isWrite() && kind != StatementKind.DDL) {
            StatementShape shape = null;
            try {
                shape = analyzer.shape(lexed, kind);
            } catch (SQLException unreadable) {
                // running such statements is what hints are for; the token checks below still apply
            }
            if (shape != null) {
                requireRowsStayInPlace(lexed, shape, true);
                if (shape.kind() == StatementKind.INSERT
                        && topology.table(shape.tables().get(0).name()) instanceof ShardedTable target) {
                    rows = (BoundRoute) insert(lexed, shape, target, target.placement());
                }
            } else {
                requireNoHiddenShardedWrite(lexed);
            }
        } else if (kind == StatementKind.OTHER) {
            requireNoHiddenShardedWrite(lexed); // EXPLAIN ANALYZE UPDATE ..., CALL ...
        }
        FixedRoute route = new FixedRoute(topology, lexed.sql(), kind, lexed.paramOffsets().length, shards,
                RoutePlan.UpdateCount.SUM, rows);
        return PrimaryReadRoute.when(lexed.primaryHint(), route);
    }

    /**
     * The checks that keep every row on the shard its key (and region) places it on. They bind with or
     * without a shard hint: an UPDATE (or an upsert's update part) may not change a shard key or a geo
     * table's region, and an INSERT into a sharded table must give its key (and region) as values the
     * driver can place.
     */
    private void requireRowsStayInPlace(LexedSql lexed, StatementShape shape, boolean hinted) throws Binding {
        if (shape.kind() == StatementKind.QUERY || shape.tables().isEmpty()) return;
        if (!(topology.table(shape.tables().get(0).name()) instanceof ShardedTable target)) return;
        try {
            if (shape.kind() == StatementKind.UPDATE) requireKeyUnchanged(shape, target, hinted);
            if (shape.kind() == StatementKind.INSERT) requirePlaceableRows(lexed, shape, target);
        } catch (SQLException e) {
            throw new Binding(e);
        }
    }

    /**
     * @param hinted an UPDATE that changes the key without a hint is routed where its rows are and its
     *               plan carries the move (see {@link KeyMove}); a hinted one runs unchanged, so it may not
     */
    private static void requireKeyUnchanged(StatementShape shape, ShardedTable target, boolean hinted) throws SQLException {
        if (hinted && shape.updatedColumns().contains(target.keyColumn())) {
            throw new SQLFeatureNotSupportedException("UPDATE of " + target.name() + " changes its shard key "
                    + target.keyColumn() + ", which would move the row to another shard; that is not supported — "
                    + "DELETE the row and INSERT it with the new key", Refusals.SQL_STATE);
        }
        if (target.regionColumn() != null && shape.updatedColumns().contains(target.regionColumn())) {
            throw new SQLFeatureNotSupportedException("UPDATE of geo table " + target.name() + " sets its region column "
                    + target.regionColumn() + ", which would move the row to another region's shards; that is not "
                    + "supported (rows stay on their region's shards) — DELETE the row and INSERT it with the new region", Refusals.SQL_STATE);
        }
    }

    /**
     * A statement Calcite cannot read, run by a hint: its tokens must show no write that could move or
     * misplace a row of a sharded table — no assignment to a shard key or region column (UPDATE ... SET,
     * ON DUPLICATE KEY UPDATE, ON CONFLICT ... DO UPDATE SET) and no INSERT into a sharded table (its rows'
     * keys cannot be checked).
     */
    private void requireNoHiddenShardedWrite(LexedSql lexed) throws Binding {
        Set<String> placing = new HashSet<>();
        for (String name : topology.tableNames()) {
            if (topology.table(name) instanceof ShardedTable t) {
                placing.add(t.keyColumn());
                if (t.regionColumn() != null) placing.add(t.regionColumn());
            }
        }
        String assigned = StatementText.assignedColumn(lexed, placing);
        if (assigned != null) {
            throw new Binding(new SQLFeatureNotSupportedException("this statement assigns " + assigned + ", the shard key "
                    + "(or region column) of a sharded table, which would move rows to another shard; a shard hint does "
                    + "not switch that check off — DELETE the rows and INSERT them with the new key: "
                    + StatementAnalyzer.abbreviate(lexed.sql()), Refusals.SQL_STATE));
        }
        String inserted = StatementText.insertTarget(lexed, name -> topology.table(name) instanceof ShardedTable);
        if (inserted != null) {
            throw new Binding(new SQLFeatureNotSupportedException("shard-jdbc cannot read this INSERT into sharded table "
                    + inserted + ", so it cannot check that its rows belong on the hinted shard; write it as INSERT ... "
                    + "VALUES with the key as a literal or ? parameter: " + StatementAnalyzer.abbreviate(lexed.sql()), Refusals.SQL_STATE));
        }
    }

    /**
     * A SELECT the shards cannot answer whole and the merge cannot combine exactly goes to federation,
     * unless it carries a clause federation cannot keep: row locks (the driver would lock every row it
     * reads, on several shards) or clauses Calcite cannot read (they were blanked out of its text).
     */
    private PreparedRoute federated(LexedSql lexed, StatementShape shape, SQLException refused)
            throws SQLException {
        String reason = FederatedRoute.reasonOf(refused);
        if (shape.clauses().contains(MaskedSql.Clause.ROW_LOCK)) {
            throw new SQLFeatureNotSupportedException(reason + "; such a query would be federated (planned in the driver "
                    + "over rows of several shards), which cannot take row locks (FOR UPDATE/SHARE) — lock the rows with "
                    + "a query on the shard key first, or add a /* shard: NAME */ hint", Refusals.SQL_STATE, refused);
        }
        if (!shape.clauses().isEmpty()) {
            throw new SQLFeatureNotSupportedException(reason + "; federation cannot evaluate the clauses "
                    + shape.clauses() + " of this query", Refusals.SQL_STATE, refused);
        }
        if (shape.subqueries().size() > MAX_FEDERATED_SUBQUERIES) {
            throw StatementAnalyzer.tooComplex(lexed.sql(), reason + "; such a query is federated (planned in the driver), "
                    + "and with " + shape.subqueries().size() + " subqueries (at most " + MAX_FEDERATED_SUBQUERIES
                    + ") its plan search would run for minutes", refused);
        }
        return new FederatedRoute(topology, lexed.sql(), lexed.paramOffsets().length, reason);
    }

    /**
     * A write no shard can run whole because its subqueries (or its INSERT's SELECT) read other shards'
     * rows runs its reads first, when it has reads that can run on their own and what remains of the
     * write routes; else the refusal stands.
     */
    private PreparedRoute readFirst(LexedSql lexed, StatementShape shape, SQLFeatureNotSupportedException refused)
            throws SQLException {
        ReadFirst reads = ReadFirstRoute.readsOf(lexed, shape, topology);
        if (reads == null) throw refused;
        if (bind(reads.template()) instanceof FailedRoute rest) {
            refused.addSuppressed(rest.failure());
            throw refused;
        }
        return new ReadFirstRoute(topology, lexed.sql(), shape.kind(), lexed.paramOffsets().length, reads);
    }

    /** The planner's search grows steeply with nested subqueries (40 nested IN (SELECT ...) did not finish in 30 s). */
    static final int MAX_FEDERATED_SUBQUERIES = 8;

    private PreparedRoute fixed(LexedSql lexed, StatementKind kind, int[] shards, RoutePlan.UpdateCount count) {
        return new FixedRoute(topology, lexed.sql(), kind, lexed.paramOffsets().length, shards, count);
    }

    private int[] all() {
        return topology.liveShards();
    }

    private PreparedRoute session(LexedSql lexed) throws SQLException {
        if (lexed.is(0, "USE")) {
            throw new SQLFeatureNotSupportedException("USE cannot switch databases through shard-jdbc: each shard's "
                    + "database is set by its url in the shard config", Refusals.SQL_STATE);
        }
        return fixed(lexed, StatementKind.SESSION, all(), RoutePlan.UpdateCount.FIRST);
    }

    private PreparedRoute ddl(LexedSql lexed) throws SQLException {
        List<String> names = Keywords.ddlTables(lexed);
        if (names.isEmpty()) return fixed(lexed, StatementKind.DDL, all(), RoutePlan.UpdateCount.FIRST);
        for (String n : names) {
            if (topology.table(n) != null) return fixed(lexed, StatementKind.DDL, all(), RoutePlan.UpdateCount.FIRST);
        }
        if (topology.rejectsUnknownTables()) throw unknownTable(names.get(0));
        return fixed(lexed, StatementKind.DDL, new int[] {0}, RoutePlan.UpdateCount.SUM);
    }

    private SQLException unknownTable(String name) {
        String state = topology.dialect() == Dialect.POSTGRESQL ? "42P01" : "42S02";
        return new SQLSyntaxErrorException("table " + name + " is not in the shard config, and the config says "
                + "unknown-tables: reject; add it under tables: (sharded or broadcast: true)", state);
    }

    private PreparedRoute shaped(LexedSql lexed, StatementShape shape) throws SQLException {
        requireEveryShardedTableRead(lexed, shape);
        List<TableRef> sharded = new ArrayList<>();
        List<TableRef> unlisted = new ArrayList<>();
        for (TableRef t : shape.tables()) {
            TableRule rule = topology.table(t.name());
            if (rule instanceof ShardedTable) sharded.add(t);
            else if (rule == null && !t.name().equals("dual")) unlisted.add(t);
        }
        if (!unlisted.isEmpty() && topology.rejectsUnknownTables()) throw unknownTable(unlisted.get(0).name());
        StatementKind kind = shape.kind();
        if (shape.unionAllParts() != null && !sharded.isEmpty()) return unionAll(lexed, shape, sharded, unlisted);
        boolean write = kind != StatementKind.QUERY;
        TableRef target = write ? shape.tables().get(0) : null;
        if (sharded.isEmpty()) {
            if (write && topology.table(target.name()) instanceof BroadcastTable) {
                if (!unlisted.isEmpty()) {
                    throw new SQLFeatureNotSupportedException("a write to broadcast table " + target.name() + " that reads "
                            + "unlisted table " + unlisted.get(0).name() + " (on the default shard only) cannot run on "
                            + "every shard; make " + unlisted.get(0).name() + " broadcast too", Refusals.SQL_STATE);
                }
                return fixed(lexed, kind, all(), RoutePlan.UpdateCount.FIRST);
            }
            return fixed(lexed, kind, new int[] {0}, RoutePlan.UpdateCount.SUM);
        }
        ShardedTable first = (ShardedTable) topology.table(sharded.get(0).name());
        Placement placement = first.placement();
        for (TableRef t : sharded) {
            ShardedTable rule = (ShardedTable) topology.table(t.name());
            if (rule.placement() != placement) {
                throw new SQLFeatureNotSupportedException("tables " + first.name() + " and " + rule.name()
                        + " are sharded independently (not co-located), so this statement would need rows from "
                        + "different shards together; that is not supported yet — co-locate them (colocate:) or "
                        + "query them separately", Refusals.SQL_STATE);
            }
        }
        List<TableRef> top = sharded.stream().filter(TableRef::topLevel).toList();
        Set<Integer> scopes = new java.util.TreeSet<>();
        for (TableRef t : sharded) if (!t.topLevel()) scopes.add(t.scope());
        for (int scope : scopes) requireLinkedOnKey(shape, shape.subquery(scope), top, sharded);
        if (write && !(topology.table(target.name()) instanceof ShardedTable)) {
            throw new SQLFeatureNotSupportedException("a write to " + target.name() + " that reads sharded table "
                    + first.name() + " is not supported", Refusals.SQL_STATE);
        }
        if (top.size() > 1) requireJoinedOnKey(joinConditions(shape.joins(), shape.where()), top);
        Predicate<ColumnRef> isKey = c -> isKey(c, top);
        Predicate<ColumnRef> isRegion = c -> isRegion(c, top);
        String tables = sharded.stream().map(TableRef::name).distinct().collect(Collectors.joining(", "));
        ShardedTable targetRule = write ? (ShardedTable) topology.table(target.name()) : first;
        if (kind == StatementKind.INSERT) return insert(lexed, shape, targetRule, placement);
        KeyMove keyMove = kind == StatementKind.UPDATE && shape.updatedColumns().contains(targetRule.keyColumn())
                ? keyMove(lexed, targetRule, placement) : null;
        String problem = multiShardProblem(shape, tables);
        String federate = null;
        MergeTemplate merge = null;
        if (problem == null && kind == StatementKind.QUERY && !shape.features().isEmpty()) {
            try {
                merge = MergePlanner.plan(shape, lexed, topology.dialect(), tables);
            } catch (SQLFeatureNotSupportedException e) {
                // exact on one shard; across shards the driver federates it, unless it locks rows
                if (shape.clauses().contains(MaskedSql.Clause.ROW_LOCK)) problem = e.getMessage();
                else federate = FederatedRoute.reasonOf(e);
            } catch (SQLException e) {
                problem = e.getMessage();
            }
        }
        boolean reject = false;
        String rejectTable = tables;
        for (TableRef t : sharded) {
            ShardedTable rule = (ShardedTable) topology.table(t.name());
            if (rule.scatter() == TableSpec.ScatterPolicy.REJECT) {
                reject = true;
                rejectTable = rule.name();
            }
        }
        // a geo key has one shard per region, not one shard: its IN lists are not cut per shard
        Condition.In prunable = placement instanceof GeoPlacement ? null : prunableIn(shape.where(), isKey);
        // when the IN is the only condition on the key, its values' shards are the route: hash each once
        KeyFilter filter = prunable != null && onlyKeyCondition(shape.where(), prunable, placement, isKey)
                ? null : KeyFilter.compile(shape.where(), placement, isKey, isRegion);
        KeyedRoute route = new KeyedRoute(topology, lexed.sql(), kind, lexed.paramOffsets(), placement, filter, prunable,
                reject ? rejectTable : tables, targetRule.keyColumn(), reject, problem, merge,
                unlisted.isEmpty() ? null : unlisted.get(0).name(), federate);
        return keyMove == null ? route : new KeyMovingRoute(route, keyMove);
    }

    /**
     * The new key of an UPDATE that sets a table's shard key: {@code key = ?} or {@code key = literal}.
     * A computed key (an expression, another column) is refused: where its rows go would depend on each row.
     */
    private static KeyMove keyMove(LexedSql lexed, ShardedTable table, Placement placement) throws SQLException {
        if (placement instanceof GeoPlacement) {
            throw new SQLFeatureNotSupportedException("UPDATE of geo table " + table.name() + " changes its shard key "
                    + table.keyColumn() + "; rows of a geo table do not move between shards — DELETE the row and INSERT it"
                    + " with the new key", Refusals.SQL_STATE);
        }
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        int params = 0;
        boolean inSet = false;
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.PARAM) params++;
            if (t.is(sql, "SET")) inSet = true;
            if (t.is(sql, "WHERE")) break;
            if (!inSet || !(t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED)
                    || !Keywords.unquote(t.text(sql)).equalsIgnoreCase(table.keyColumn()) || !tokens.get(i + 1).isSymbol(sql, "=")) {
                continue;
            }
            Token value = tokens.get(i + 2);
            boolean alone = i + 3 >= tokens.size() || tokens.get(i + 3).isSymbol(sql, ",") || tokens.get(i + 3).is(sql, "WHERE");
            if (alone && value.kind() == Token.Kind.PARAM) return new KeyMove(table.name(), table.keyColumn(), params + 1, null, placement);
            if (alone && (value.kind() == Token.Kind.NUMBER || value.kind() == Token.Kind.STRING)) {
                return new KeyMove(table.name(), table.keyColumn(), 0,
                        KeyMove.literalValue(value.text(sql), value.kind() == Token.Kind.STRING), placement);
            }
            break;
        }
        throw new SQLFeatureNotSupportedException("UPDATE of " + table.name() + " sets its shard key " + table.keyColumn()
                + " to a computed value, which could send each row to a different shard; set it to a value or a ? marker", Refusals.SQL_STATE);
    }

    /**
     * A safety net under the parser: a sharded table's name standing in the text (not as a column
     * qualifier's column or an alias) that the analysis did not read as a table means some construct
     * hid it, and routing without it could answer from the wrong shards.
     */
    private void requireEveryShardedTableRead(LexedSql lexed, StatementShape shape) throws SQLException {
        Set<String> read = new HashSet<>();
        for (TableRef t : shape.tables()) read.add(t.name());
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED) continue;
            if (i > 0 && (tokens.get(i - 1).isSymbol(sql, ".") || tokens.get(i - 1).is(sql, "AS"))) continue;
            String name = Keywords.unquote(t.text(sql));
            if (read.contains(name) || !(topology.table(name) instanceof ShardedTable)) continue;
            if (i + 1 < tokens.size() && (tokens.get(i + 1).isSymbol(sql, "(") || tokens.get(i + 1).isSymbol(sql, "."))) continue;
            throw new SQLFeatureNotSupportedException("sharded table " + name + " appears in a construct shard-jdbc does not "
                    + "read as a table, so it cannot tell which shards to use; add a /* shard: NAME */ hint: "
                    + lexed.sql().strip(), Refusals.SQL_STATE);
        }
    }

    /** The route of an INSERT whose rows {@link #requirePlaceableRows} accepted. */
    private PreparedRoute insert(LexedSql lexed, StatementShape shape, ShardedTable table, Placement placement) {
        List<String> columns = shape.insert().columns();
        int key = columns.indexOf(table.keyColumn());
        if (placement instanceof GeoPlacement) {
            return new InsertRoute(topology, lexed.sql(), lexed.paramOffsets(), placement, shape.insert(), key, table.name(),
                    table.keyColumn(), columns.indexOf(table.regionColumn()), table.regionColumn());
        }
        return new InsertRoute(topology, lexed.sql(), lexed.paramOffsets(), placement, shape.insert(), key, table.name(),
                table.keyColumn());
    }

    /**
     * An INSERT into a sharded table gives every row's key (and a geo table's region) as a literal or
     * parameter, so the driver knows each row's shard before it runs; its upsert part changes neither.
     */
    private static void requirePlaceableRows(LexedSql lexed, StatementShape shape, ShardedTable table) throws SQLException {
        if (shape.insertSelect() || shape.insert() == null) {
            throw new SQLFeatureNotSupportedException("INSERT ... SELECT into sharded table " + table.name()
                    + " is not supported yet; insert the rows with VALUES", Refusals.SQL_STATE);
        }
        List<String> columns = shape.insert().columns();
        int key = columns.indexOf(table.keyColumn());
        if (columns.isEmpty()) {
            throw new SQLSyntaxErrorException("INSERT into sharded table " + table.name() + " must list its columns, so "
                    + "that the shard key " + table.keyColumn() + " can be found", "42000");
        }
        if (key < 0) {
            throw new SQLIntegrityConstraintViolationException("INSERT into sharded table " + table.name()
                    + " must give its shard key " + table.keyColumn() + " (it decides the shard)", "23502");
        }
        List<List<Operand>> rows = shape.insert().rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != columns.size()) {
                throw new SQLSyntaxErrorException("INSERT into " + table.name() + ": row " + (i + 1) + " has "
                        + rows.get(i).size() + " values for " + columns.size() + " columns", "42601");
            }
            if (rows.get(i).get(key) instanceof Operand.Other o) {
                throw new SQLFeatureNotSupportedException("INSERT into " + table.name() + ": the shard key "
                        + table.keyColumn() + " of row " + (i + 1) + " is the expression " + o.text()
                        + ", whose value is not known before it runs; give it as a literal or ? parameter", Refusals.SQL_STATE);
            }
        }
        boolean upsert = shape.clauses().contains(MaskedSql.Clause.UPSERT);
        if (upsert && StatementText.assignedColumn(lexed, Set.of(table.keyColumn()), StatementText.upsertStart(lexed)) != null) {
            throw new SQLFeatureNotSupportedException("INSERT into " + table.name() + " with an upsert clause that sets "
                    + "the shard key " + table.keyColumn() + " could move an existing row to another shard; that is not "
                    + "supported — leave " + table.keyColumn() + " out of the update part", Refusals.SQL_STATE);
        }
        if (table.placement() instanceof GeoPlacement geo) {
            int region = columns.indexOf(table.regionColumn());
            if (region < 0) {
                throw new SQLIntegrityConstraintViolationException("INSERT into geo table " + table.name() + " must give its "
                        + "region column " + table.regionColumn() + " (it decides which region's shards may store the row; "
                        + "known regions: " + InsertRoute.regionsText(geo) + ")", "23502");
            }
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).get(region) instanceof Operand.Other o) {
                    throw new SQLFeatureNotSupportedException("INSERT into " + table.name() + ": the region column "
                            + table.regionColumn() + " of row " + (i + 1) + " is the expression " + o.text()
                            + ", whose value is not known before it runs; give it as a literal or ? parameter", Refusals.SQL_STATE);
                }
            }
            if (upsert && StatementText.assignedColumn(lexed, Set.of(table.regionColumn()), StatementText.upsertStart(lexed)) != null) {
                throw new SQLFeatureNotSupportedException("INSERT into geo table " + table.name() + " with an upsert clause "
                        + "that sets the region column " + table.regionColumn() + " could move an existing row to another "
                        + "region's shards; that is not supported — leave " + table.regionColumn() + " out of the update part", Refusals.SQL_STATE);
            }
        }
    }

    private String multiShardProblem(StatementShape shape, String tables) {
        if (shape.clauses().contains(MaskedSql.Clause.DML_LIMIT)) {
            return shape.kind() + " with ORDER BY/LIMIT on " + tables + " cannot be split across shards; narrow it to one "
                    + "shard with a condition on the shard key";
        }
        return null;
    }

    private boolean isRegion(ColumnRef c, List<TableRef> sharded) {
        for (TableRef t : sharded) {
            if (c.qualifier() != null && !t.answersTo(c.qualifier())) continue;
            if (c.column().equals(((ShardedTable) topology.table(t.name())).regionColumn())) return true;
        }
        return false;
    }

    private boolean isKey(ColumnRef c, List<TableRef> sharded) {
        for (TableRef t : sharded) {
            if (c.qualifier() != null && !t.answersTo(c.qualifier())) continue;
            if (((ShardedTable) topology.table(t.name())).keyColumn().equals(c.column())) return true;
        }
        return false;
    }

    /**
     * A chain of UNION ALL of plain SELECTs over sharded tables: on each shard, each part returns
     * exactly that shard's share of its rows, so the whole statement runs on every shard some part
     * needs and the results are concatenated.
     */
    private PreparedRoute unionAll(LexedSql lexed, StatementShape shape, List<TableRef> sharded, List<TableRef> unlisted)
            throws SQLException {
        if (shape.features().size() > 1) {
            throw new SQLFeatureNotSupportedException("ORDER BY or LIMIT over a UNION ALL of sharded tables across shards "
                    + "is not supported yet; sort or page the parts' rows in the application, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
        }
        if (!unlisted.isEmpty()) {
            throw new SQLFeatureNotSupportedException("a UNION ALL across shards reads unlisted table " + unlisted.get(0).name()
                    + ", which lives on the default shard only; make it broadcast: true", Refusals.SQL_STATE);
        }
        Set<Integer> parts = new HashSet<>(shape.unionAllParts());
        for (TableRef t : sharded) {
            if (!parts.contains(t.scope())) {
                throw new SQLFeatureNotSupportedException("sharded table " + t.name() + " is used in a subquery inside a "
                        + "UNION ALL part, which cross-shard execution does not support yet; add a /* shard: NAME */ hint", Refusals.SQL_STATE);
            }
        }
        List<UnionAllRoute.Part> routes = new ArrayList<>();
        for (int scope : shape.unionAllParts()) {
            Subquery q = shape.subquery(scope);
            List<TableRef> refs = sharded.stream().filter(t -> t.scope() == scope).toList();
            if (refs.isEmpty()) {
                throw new SQLFeatureNotSupportedException("a part of this UNION ALL reads no sharded table, so running the "
                        + "statement on several shards would repeat its rows; add a /* shard: NAME */ hint", Refusals.SQL_STATE);
            }
            ShardedTable first = (ShardedTable) topology.table(refs.get(0).name());
            for (TableRef t : refs) {
                if (((ShardedTable) topology.table(t.name())).placement() != first.placement()) {
                    throw new SQLFeatureNotSupportedException("tables " + first.name() + " and " + t.name() + " are sharded "
                            + "independently (not co-located); a UNION ALL part joining them is not supported yet", Refusals.SQL_STATE);
                }
            }
            if (refs.size() > 1) requireJoinedOnKey(joinConditions(q.joins(), q.where()), refs);
            boolean reject = refs.stream().anyMatch(t -> ((ShardedTable) topology.table(t.name())).scatter()
                    == TableSpec.ScatterPolicy.REJECT);
            routes.add(new UnionAllRoute.Part(KeyFilter.compile(q.where(), first.placement(), c -> isKey(c, refs)),
                    first.placement(), reject ? first.name() : null));
        }
        return new UnionAllRoute(topology, lexed.sql(), lexed.paramOffsets().length, routes);
    }

    /**
     * A subquery over sharded tables answers exactly inside each shard only when it is tied to the
     * outer query's sharded rows by the shard key: {@code outer.key IN (SELECT inner.key ...)}, or an
     * EXISTS / scalar subquery whose WHERE equates {@code inner.key = outer.key}. Then every row it
     * can match lives on the same shard as the outer row.
     */
    private void requireLinkedOnKey(StatementShape shape, Subquery q, List<TableRef> top, List<TableRef> sharded)
            throws SQLException {
        List<TableRef> inner = sharded.stream().filter(t -> t.scope() == q.scope()).toList();
        String names = inner.stream().map(TableRef::name).distinct().collect(Collectors.joining(", "));
        boolean linked = false;
        if (q.parent() == 0 && !top.isEmpty() && q.kind() != Subquery.Kind.OTHER) {
            if (q.kind() == Subquery.Kind.IN) {
                linked = q.outer() != null && q.inner() != null && isKey(q.outer(), top) && isKey(q.inner(), inner);
            } else {
                for (Condition c : joinConditions(q.joins(), q.where())) {
                    if (c instanceof Condition.ColumnsEqual eq
                            && (isInnerKeyOuterKey(eq.left(), eq.right(), inner, top)
                                || isInnerKeyOuterKey(eq.right(), eq.left(), inner, top))) {
                        linked = true;
                        break;
                    }
                }
            }
        }
        if (!linked) {
            throw new SQLFeatureNotSupportedException("sharded table " + names + " is used in a subquery, derived table, "
                    + "CTE or set operation that is not tied to the outer query by the shard key, which cross-shard "
                    + "execution does not support yet; link it (outer.key IN (SELECT inner.key ...) or EXISTS (... WHERE "
                    + "inner.key = outer.key)), rewrite it as a join on the shard key, or add a /* shard: NAME */ hint", Refusals.SQL_STATE);
        }
        if (inner.size() > 1) requireJoinedOnKey(joinConditions(q.joins(), q.where()), inner);
    }

    /** {@code a} is the key of an inner table and {@code b}, qualified by an outer name the subquery does not shadow, an outer key. */
    private boolean isInnerKeyOuterKey(ColumnRef a, ColumnRef b, List<TableRef> inner, List<TableRef> top) {
        if (b.qualifier() == null) return false;
        for (TableRef t : inner) if (t.answersTo(b.qualifier())) return false;
        return isKey(a, inner) && isKey(b, top);
    }

    private static List<Condition> joinConditions(List<Condition> joins, Condition where) {
        List<Condition> out = new ArrayList<>();
        for (Condition j : joins) conjuncts(j, out);
        conjuncts(where, out);
        return out;
    }

    /** Several sharded tables in one query must be joined on their shard keys, or shard-local results are wrong. */
    private void requireJoinedOnKey(List<Condition> equalities, List<TableRef> sharded) throws SQLException {
        int n = sharded.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (Condition c : equalities) {
            if (!(c instanceof Condition.ColumnsEqual eq)) continue;
            if ("*using*".equals(eq.left().qualifier())) {
                int prev = -1;
                for (int i = 0; i < n; i++) {
                    if (keyOf(sharded.get(i)).equals(eq.left().column())) {
                        if (prev >= 0) union(parent, prev, i);
                        prev = i;
                    }
                }
                continue;
            }
            int a = refOfKey(eq.left(), sharded), b = refOfKey(eq.right(), sharded);
            if (a >= 0 && b >= 0) union(parent, a, b);
        }
        Set<Integer> roots = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) roots.add(find(parent, i));
        if (roots.size() > 1) {
            throw new SQLFeatureNotSupportedException("sharded tables " + sharded.stream().map(TableRef::name).distinct()
                    .collect(Collectors.joining(", ")) + " are joined without equating their shard keys, so matching rows "
                    + "may sit on different shards; join on the shard key (e.g. a." + keyOf(sharded.get(0)) + " = b."
                    + keyOf(sharded.get(0)) + ") — other joins are not supported yet", Refusals.SQL_STATE);
        }
    }

    private String keyOf(TableRef t) {
        return ((ShardedTable) topology.table(t.name())).keyColumn();
    }

    /** The sharded table whose key a column is, or -1 (unqualified columns must be unambiguous). */
    private int refOfKey(ColumnRef c, List<TableRef> sharded) {
        int found = -1;
        for (int i = 0; i < sharded.size(); i++) {
            TableRef t = sharded.get(i);
            if (c.qualifier() != null ? !t.answersTo(c.qualifier()) : false) continue;
            if (!keyOf(t).equals(c.column())) continue;
            if (found >= 0) return -1;
            found = i;
        }
        return found;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private static void conjuncts(Condition c, List<Condition> out) {
        if (c instanceof Condition.And and) for (Condition p : and.parts()) conjuncts(p, out);
        else out.add(c);
    }

    /** True when no conjunct of the WHERE but {@code in} narrows the shards. */
    private static boolean onlyKeyCondition(Condition where, Condition.In in, Placement placement, Predicate<ColumnRef> isKey) {
        List<Condition> parts = new ArrayList<>();
        conjuncts(where, parts);
        for (Condition c : parts) {
            if (c != in && KeyFilter.compile(c, placement, isKey) != KeyFilter.ANY) return false;
        }
        return true;
    }

    /** A {@code key IN (...)} that every matching row satisfies, so each shard can be sent only its values. */
    private static Condition.In prunableIn(Condition where, Predicate<ColumnRef> isKey) {
        List<Condition> parts = new ArrayList<>();
        conjuncts(where, parts);
        for (Condition c : parts) {
            if (c instanceof Condition.In in && isKey.test(in.column())) {
                for (Operand o : in.values()) if (o instanceof Operand.Other) return null;
                return in;
            }
        }
        return null;
    }
}
