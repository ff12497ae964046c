package io.shardjdbc.route;

import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.StatementShape;
import io.shardjdbc.sql.Subquery;
import io.shardjdbc.sql.TableRef;
import io.shardjdbc.sql.TextSpan;
import io.shardjdbc.sql.Token;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A write that reads rows of other shards in its subqueries (or in its INSERT's SELECT): every
 * execution reads first, then writes with what it read (see {@link ReadFirst}).
 */
final class ReadFirstRoute extends BoundRoute {
    private final RoutePlan plan;

    ReadFirstRoute(Topology topology, String sql, StatementKind kind, int parameterCount, ReadFirst reads) {
        super(topology, sql, kind, parameterCount);
        this.plan = RoutePlan.readingFirst(kind, reads);
    }

    @Override
    public RoutePlan route(Parameters params) {
        return plan;
    }

    @Override
    public RoutePlan routeToShard(String shardName, Parameters params) throws SQLException {
        if (kind == StatementKind.INSERT && plan.readFirst().reads().get(0).use() == ReadFirst.Use.ROWS) {
            throw new SQLFeatureNotSupportedException("an INSERT ... SELECT cannot run on a chosen shard: the rows it "
                    + "inserts are placed by their keys [statement: " + StatementAnalyzer.abbreviate(sql) + "]", Refusals.SQL_STATE);
        }
        return super.routeToShard(shardName, params);
    }

    /**
     * The reads of a write that the driver can run first, or null when it has none: the SELECT of an
     * INSERT ... SELECT; the subqueries of an UPDATE or DELETE at its own level (in its WHERE or SET)
     * that read a sharded table and do not refer to the written table's row; and when a subquery of
     * the WHERE does refer to it (or has no single result), the whole WHERE, as a query of the rows it
     * chooses ({@link ReadFirst.Use#KEYS}). Subqueries over broadcast tables stay where they are.
     */
    static ReadFirst readsOf(LexedSql lexed, StatementShape shape, Topology topology) {
        List<ReadFirst.Read> reads = new ArrayList<>();
        if (shape.kind() == StatementKind.INSERT) {
            Subquery source = sourceOf(shape);
            if (source == null || source.text() == null) return null;
            Subquery.Text t = source.text();
            int[] span = parenthesised(lexed, t.start(), t.end());
            if (span == null) span = new int[] {t.start(), t.end()};
            reads.add(read(lexed, ReadFirst.Use.ROWS, t, span));
        } else if (shape.kind() == StatementKind.UPDATE || shape.kind() == StatementKind.DELETE) {
            List<Subquery> unreadable = new ArrayList<>();
            for (Subquery q : shape.subqueries()) {
                if (q.parent() != 0 || !readsSharded(shape, q.scope(), topology)) continue;
                ReadFirst.Read read = readAlone(lexed, shape, q);
                if (read == null) unreadable.add(q);
                else reads.add(read);
            }
            if (!unreadable.isEmpty()) {
                // the WHERE runs as a query of the rows it chooses; a subquery in SET that cannot run alone has no such way
                TextSpan where = shape.writeCondition();
                if (where == null) return null;
                for (Subquery q : unreadable) {
                    if (q.text() == null || q.text().start() < where.start() || q.text().end() > where.end()) return null;
                }
                reads.removeIf(r -> r.start() >= where.start() && r.end() <= where.end());
                TableRef target = shape.tables().get(0);
                Subquery.Text condition = new Subquery.Text(where.start(), where.end(), where.start(), where.end(), false);
                ReadFirst.Read keys = read(lexed, ReadFirst.Use.KEYS, condition, new int[] {where.start(), where.end()});
                reads.add(new ReadFirst.Read(ReadFirst.Use.KEYS, "FROM " + target.name()
                        + (target.alias() == null ? "" : " " + target.alias()) + " WHERE " + keys.select(), keys.parameters(),
                        keys.start(), keys.end(), keys.predicateStart(), keys.predicateEnd()));
            }
            reads.sort(Comparator.comparingInt(ReadFirst.Read::start));
        }
        if (reads.isEmpty()) return null;
        String table = shape.tables().get(0).name();
        String keyColumn = topology.table(table) instanceof ShardedTable t ? t.keyColumn() : null;
        return new ReadFirst(lexed.sql(), lexed.paramOffsets(), reads, table, keyColumn);
    }

    /**
     * The read of a subquery of an UPDATE or DELETE that can run as a query of its own and be replaced
     * by its result, or null: one that refers to the written row, a row value {@code (a, b) IN (...)},
     * or a shape without a single result to put in its place.
     */
    private static ReadFirst.Read readAlone(LexedSql lexed, StatementShape shape, Subquery q) {
        if (q.text() == null || refersToOuterRow(lexed, shape, q)) return null;
        ReadFirst.Use use = switch (q.kind()) {
            case IN -> q.text().negated() ? ReadFirst.Use.NOT_IN : ReadFirst.Use.IN;
            case EXISTS -> ReadFirst.Use.EXISTS;
            case SCALAR -> ReadFirst.Use.SCALAR;
            default -> null;
        };
        if (use == null) return null;
        if (use != ReadFirst.Use.EXISTS && use != ReadFirst.Use.SCALAR && startsWithParenthesis(lexed, q.text())) return null;
        int[] span = parenthesised(lexed, q.text().start(), q.text().end());
        return span == null ? null : read(lexed, use, q.text(), span);
    }

    /** True when an INSERT ... SELECT should read first: it fills a sharded table, or reads one. */
    static boolean insertReadsFirst(StatementShape shape, Topology topology) {
        if (!shape.insertSelect() || shape.tables().isEmpty()) return false;
        if (topology.table(shape.tables().get(0).name()) instanceof ShardedTable) return true;
        Subquery source = sourceOf(shape);
        return source != null && readsSharded(shape, source.scope(), topology);
    }

    private static Subquery sourceOf(StatementShape shape) {
        for (Subquery q : shape.subqueries()) if (q.parent() == 0 && q.kind() == Subquery.Kind.OTHER) return q;
        return null;
    }

    private static ReadFirst.Read read(LexedSql lexed, ReadFirst.Use use, Subquery.Text t, int[] span) {
        List<Integer> params = new ArrayList<>();
        int[] offsets = lexed.paramOffsets();
        for (int i = 0; i < offsets.length; i++) if (offsets[i] >= t.start() && offsets[i] < t.end()) params.add(i + 1);
        return new ReadFirst.Read(use, lexed.sql().substring(t.start(), t.end()),
                params.stream().mapToInt(Integer::intValue).toArray(), span[0], span[1], t.predicateStart(), t.predicateEnd());
    }

    /** The span of {@code [start, end)} with the parentheses right around it, or null when it has none. */
    private static int[] parenthesised(LexedSql lexed, int start, int end) {
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).start() != start) continue;
            int j = i;
            while (j + 1 < tokens.size() && tokens.get(j + 1).end() <= end) j++;
            Token open = tokens.get(i - 1);
            Token close = j + 1 < tokens.size() ? tokens.get(j + 1) : null;
            if (open.isSymbol(sql, "(") && close != null && close.isSymbol(sql, ")")) return new int[] {open.start(), close.end()};
            return null;
        }
        return null;
    }

    private static boolean startsWithParenthesis(LexedSql lexed, Subquery.Text t) {
        for (Token tok : lexed.tokens()) if (tok.start() == t.predicateStart()) return tok.isSymbol(lexed.sql(), "(");
        return false;
    }

    /** The scopes of a subquery and of everything nested in it. */
    private static Set<Integer> scopesUnder(StatementShape shape, int scope) {
        Set<Integer> scopes = new HashSet<>();
        scopes.add(scope);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Subquery q : shape.subqueries()) if (scopes.contains(q.parent()) && scopes.add(q.scope())) grew = true;
        }
        return scopes;
    }

    private static boolean readsSharded(StatementShape shape, int scope, Topology topology) {
        Set<Integer> scopes = scopesUnder(shape, scope);
        for (TableRef t : shape.tables()) {
            if (scopes.contains(t.scope()) && topology.table(t.name()) instanceof ShardedTable) return true;
        }
        return false;
    }

    /**
     * True when the subquery names the written table's row ({@code t.col} with {@code t} the statement's
     * table or alias, not shadowed by a table of the subquery). An unqualified outer column cannot be
     * told from the subquery's own here; running the subquery alone then fails, naming the column.
     */
    private static boolean refersToOuterRow(LexedSql lexed, StatementShape shape, Subquery q) {
        Set<Integer> inner = scopesUnder(shape, q.scope());
        List<TableRef> innerTables = shape.tables().stream().filter(t -> inner.contains(t.scope())).toList();
        List<TableRef> outer = shape.tables().stream().filter(TableRef::topLevel).toList();
        List<Token> tokens = lexed.tokens();
        String sql = lexed.sql();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.start() < q.text().start() || t.end() > q.text().end()) continue;
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED) continue;
            if (!tokens.get(i + 1).isSymbol(sql, ".")) continue;
            String qualifier = unquoted(t.text(sql));
            boolean shadowed = innerTables.stream().anyMatch(r -> r.answersTo(qualifier));
            if (!shadowed && outer.stream().anyMatch(r -> r.answersTo(qualifier))) return true;
        }
        return false;
    }

    private static String unquoted(String word) {
        char c = word.charAt(0);
        if (c == '"' || c == '`') return word.substring(1, word.length() - 1);
        return word.toLowerCase(Locale.ROOT);
    }
}
