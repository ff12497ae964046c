package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.merge.RowSource;
import io.shardjdbc.merge.RowsResultSet;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.topology.Topology;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * One SQL text planned for federation: Calcite's physical plan, compiled once to a {@link Bindable}
 * that each execution binds to its own shard source, parameters and row budget. Immutable after
 * compilation, so executions on many connections share it.
 */
final class FederatedPlan {
    private final String sql;
    private final Dialect dialect;
    private final SchemaPlus root;
    private final JavaTypeFactory typeFactory;
    private final Map<String, Object> stash;
    private final Bindable<Object> bindable;
    private final RelNode physical;
    private final SqlTypeName[] parameterTypes;
    private final int columns;
    private final SQLException failure;
    private final FinalSort finalSort;
    // MIN or MAX over text, which the driver computes by code point
    private final boolean textExtremes;
    // the shard's description of the statement's result (labels, types, classes), asked once
    private volatile ResultSetMetaData described;

    private FederatedPlan(String sql, Dialect dialect, SchemaPlus root, JavaTypeFactory typeFactory, Map<String, Object> stash,
                          Bindable<Object> bindable, RelNode physical, SqlTypeName[] parameterTypes, int columns,
                          SQLException failure, FinalSort finalSort, boolean textExtremes) {
        this.sql = sql;
        this.dialect = dialect;
        this.root = root;
        this.typeFactory = typeFactory;
        this.stash = stash;
        this.bindable = bindable;
        this.physical = physical;
        this.parameterTypes = parameterTypes;
        this.columns = columns;
        this.failure = failure;
        this.finalSort = finalSort;
        this.textExtremes = textExtremes;
    }

    /** A SQL text federation refuses or that is wrong; each execution reports the same failure. */
    static FederatedPlan failed(SQLException failure) {
        return new FederatedPlan(null, null, null, null, null, null, null, null, 0, failure, null, false);
    }

    /** This plan, or the failure it stands for. */
    FederatedPlan checked(String sqlText) throws SQLException {
        if (failure == null) return this;
        String m = failure.getMessage(), s = failure.getSQLState();
        if (failure instanceof SQLFeatureNotSupportedException) throw new SQLFeatureNotSupportedException(m, s, failure);
        if (failure instanceof SQLSyntaxErrorException) throw new SQLSyntaxErrorException(m, s, failure);
        throw new SQLException(m, s, failure);
    }

    static FederatedPlan compile(String sql, Topology topology, SqlParser.Config parserConfig,
                                 FederationEngine.ColumnLoader loader) throws SQLException {
        return compile(sql, topology, parserConfig, loader, table -> null);
    }

    /** @param counter the estimated rows of a table on all its shards (null when unknown) */
    static FederatedPlan compile(String sql, Topology topology, SqlParser.Config parserConfig,
                                 FederationEngine.ColumnLoader loader, FederationEngine.RowCounter counter) throws SQLException {
        Dialect dialect = topology.dialect();
        FederationRefusals.unreadableSyntax(sql, dialect);
        SchemaPlus root = Frameworks.createRootSchema(false);
        List<LogicalTable> tables = new ArrayList<>();
        for (String name : topology.tableNames()) {
            LogicalTable t = new LogicalTable(name, topology.table(name), topology, loader, counter);
            tables.add(t);
            root.add(name, t);
        }
        JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(FederationTypeSystem.INSTANCE);
        org.apache.calcite.sql.validate.SqlUserDefinedAggFunction avg = DialectAverage.function(dialect);
        org.apache.calcite.sql.validate.SqlUserDefinedAggFunction[] extremes = dialect == Dialect.POSTGRESQL
                ? new org.apache.calcite.sql.validate.SqlUserDefinedAggFunction[] {
                    CodePointExtremes.function(false), CodePointExtremes.function(true)} : null;
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .parserConfig(parserConfig)
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT
                        // NULLs sort as the database sorts them: PostgreSQL last ascending, MySQL first
                        .withDefaultNullCollation(dialect == Dialect.MYSQL ? NullCollation.LOW : NullCollation.HIGH)
                        .withConformance(SqlConformanceEnum.BABEL)
                        .withIdentifierExpansion(true))
                // the planner takes these from the connection config over the validator config
                .context(org.apache.calcite.plan.Contexts.of(connectionConfig(dialect, parserConfig)))
                .defaultSchema(root)
                .typeSystem(FederationTypeSystem.INSTANCE)
                .operatorTable(org.apache.calcite.sql.util.SqlOperatorTables.chain(
                        // MySQL's / first: the validator resolves each operator to the first it finds by name
                        dialect == Dialect.MYSQL ? org.apache.calcite.sql.util.SqlOperatorTables.of(MySqlDivision.DIVIDE)
                                : org.apache.calcite.sql.util.SqlOperatorTables.of(),
                        org.apache.calcite.sql.fun.SqlStdOperatorTable.instance(),
                        // the dialect's own functions: the shards compute them (see ExpressionPushdown)
                        org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(
                                dialect == Dialect.MYSQL ? org.apache.calcite.sql.fun.SqlLibrary.MYSQL
                                        : org.apache.calcite.sql.fun.SqlLibrary.POSTGRESQL),
                        extremes == null ? org.apache.calcite.sql.util.SqlOperatorTables.of(avg)
                                : org.apache.calcite.sql.util.SqlOperatorTables.of(avg, extremes[0], extremes[1])))
                .programs(program(dialect))
                .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            SqlNode parsed = AverageRewrite.apply(planner.parse(sql), dialect, avg, extremes);
            SqlNode validated = planner.validate(parsed);
            FederationRefusals.rewrittenAggregates(validated, dialect);
            RelRoot relRoot = planner.rel(validated);
            RelNode logical = relRoot.project();
            SqlTypeName[] parameterTypes = parameterTypes(logical);
            FinalSort finalSort = FinalSort.of(logical, dialect);
            RelNode toPlan = finalSort == null ? logical : finalSort.plan();
            RelNode best = planner.transform(0, toPlan.getTraitSet().replace(EnumerableConvention.INSTANCE), toPlan);
            Semantics.check(best, dialect);
            best = KeyPassingJoins.apply(best, dialect);
            Map<String, Object> stash = new HashMap<>();
            @SuppressWarnings("unchecked")
            Bindable<Object> bindable = (Bindable<Object>) (Bindable<?>) EnumerableInterpretable.toBindable(stash, null,
                    (EnumerableRel) best, EnumerableRel.Prefer.ARRAY);
            return new FederatedPlan(sql, dialect, root, typeFactory, stash, bindable, best, parameterTypes,
                    finalSort == null ? best.getRowType().getFieldCount() : finalSort.visible(), null, finalSort,
                    textExtremes(logical));
        } catch (SqlParseException e) {
            throw new SQLSyntaxErrorException("federation cannot parse this query: " + e.getMessage().lines().findFirst().orElse("")
                    + " [statement: " + FederationEngine.abbreviate(sql) + "]", "42601", e);
        } catch (org.apache.calcite.tools.ValidationException e) {
            throw FederationRefusals.validation(e, sql, dialect);
        } catch (SQLFeatureNotSupportedException e) {
            throw e.getMessage() != null && e.getMessage().contains("[statement: ") ? e : FederationRefusals.naming(e, sql);
        } catch (SQLException e) {
            throw e;
        } catch (org.apache.calcite.tools.RelConversionException e) {
            throw new SQLFeatureNotSupportedException("federation cannot plan this query: " + e.getMessage()
                    + " [statement: " + FederationEngine.abbreviate(sql) + "]", Refusals.SQL_STATE, e);
        } catch (RuntimeException e) {
            SQLException cause = FederationFailure.unwrapIfCarried(e);
            if (cause != null) throw cause;
            throw new SQLFeatureNotSupportedException("federation cannot plan this query (" + e.getClass().getSimpleName()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ") [statement: "
                    + FederationEngine.abbreviate(sql) + "]", Refusals.SQL_STATE, e);
        } finally {
            planner.close();
            for (LogicalTable t : tables) t.detach();
        }
    }

    private static org.apache.calcite.config.CalciteConnectionConfig connectionConfig(Dialect dialect, SqlParser.Config parser) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(org.apache.calcite.config.CalciteConnectionProperty.DEFAULT_NULL_COLLATION.camelName(),
                dialect == Dialect.MYSQL ? NullCollation.LOW.name() : NullCollation.HIGH.name());
        p.setProperty(org.apache.calcite.config.CalciteConnectionProperty.CONFORMANCE.camelName(), SqlConformanceEnum.BABEL.name());
        p.setProperty(org.apache.calcite.config.CalciteConnectionProperty.CASE_SENSITIVE.camelName(),
                String.valueOf(parser.caseSensitive()));
        return new org.apache.calcite.config.CalciteConnectionConfigImpl(p);
    }

    /**
     * Expression pushdown, co-located joins, join order by row estimates, aggregate pushdown, then the standard program with the rules that push filters and projections into the table scans,
     * and without merge joins: they sort their inputs in Java order, and every sort in the plan must be
     * one the query asked for (see {@link Semantics}); hash joins need no order.
     */
    private static Program program(Dialect dialect) {
        Program addRules = (planner, rel, traits, materializations, lattices) -> {
            planner.removeRule(org.apache.calcite.adapter.enumerable.EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
            // the join order is JoinOrder's and key passing picks each join's sides: trying every commuted order of a
            // many-way join costs the cost-based planner seconds
            planner.removeRule(CoreRules.JOIN_COMMUTE);
            planner.addRule(CoreRules.FILTER_SCAN);
            planner.addRule(CoreRules.FILTER_INTERPRETER_SCAN);
            planner.addRule(CoreRules.PROJECT_TABLE_SCAN);
            planner.addRule(CoreRules.PROJECT_INTERPRETER_TABLE_SCAN);
            return rel;
        };
        return Programs.sequence(addRules, ExpressionPushdown.program(dialect), ColocatedJoins.program(dialect), JoinOrder.program(),
                AggregatePushdown.program(dialect),
                DecimalSums.program(), Programs.standard());
    }

    private static SqlTypeName[] parameterTypes(RelNode logical) {
        Map<Integer, SqlTypeName> found = new HashMap<>();
        RexShuttle params = new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam p) {
                found.put(p.getIndex(), p.getType().getSqlTypeName());
                return p;
            }

            @Override
            public RexNode visitSubQuery(org.apache.calcite.rex.RexSubQuery sub) {
                sub.rel.accept(shuttle(this));
                return super.visitSubQuery(sub);
            }
        };
        logical.accept(shuttle(params));
        int n = found.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        SqlTypeName[] out = new SqlTypeName[n];
        found.forEach((i, t) -> out[i] = t);
        return out;
    }

    private static RelHomogeneousShuttle shuttle(RexShuttle rex) {
        return new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(rex);
                return super.visit(other);
            }
        };
    }

    /** True when the plan takes a MIN or MAX of text by code point (PostgreSQL, see {@link CodePointExtremes}). */
    private static boolean textExtremes(RelNode logical) {
        boolean[] found = {false};
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof org.apache.calcite.rel.core.Aggregate a) {
                    for (org.apache.calcite.rel.core.AggregateCall call : a.getAggCallList()) {
                        String name = call.getAggregation().getName();
                        if ((name.equals(CodePointExtremes.MIN) || name.equals(CodePointExtremes.MAX))
                                && call.getType().getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER) {
                            found[0] = true;
                        }
                    }
                }
                super.visit(node, ordinal, parent);
            }
        }.go(logical);
        return found[0];
    }

    /** Runs the plan: the result's rows stream from Calcite, which pulls them from the shards. */
    ResultSet execute(Parameters params, ShardSource source, RowBudget budget, long maxRows) throws SQLException {
        if (textExtremes) {
            TextOrder order = source.textOrder();
            if (!order.byCodePoint()) {
                source.close();
                throw order.refusal("MIN or MAX over text in a federated query");
            }
        }
        ResultSetMetaData md = describe(params, source);
        Object[] internal = new Object[parameterTypes.length];
        for (int i = 0; i < internal.length; i++) {
            internal[i] = parameterTypes[i] == null ? params.get(i + 1) : Internal.parameter(params.get(i + 1), parameterTypes[i]);
        }
        FederationContext ctx = new FederationContext(root, typeFactory, stash, internal, params, source, budget);
        String[] classes = new String[columns];
        for (int i = 0; i < columns; i++) classes[i] = md.getColumnClassName(i + 1);
        Enumerator<Object> rows;
        try {
            rows = bindable.bind(ctx).enumerator();
        } catch (RuntimeException e) {
            source.close();
            throw FederationFailure.unwrap(e, sql);
        }
        java.util.Iterator<Object[]> sorted = finalSort == null ? null : sorted(rows, params, budget.fresh(), source);
        RowSource rowSource = new RowSource() {
            private long count;

            @Override
            public Object[] next() throws SQLException {
                Object r;
                if (sorted != null) {
                    if ((maxRows > 0 && count >= maxRows) || !sorted.hasNext()) return null;
                    r = sorted.next();
                } else {
                    try {
                        if ((maxRows > 0 && count >= maxRows) || !rows.moveNext()) return null;
                    } catch (RuntimeException e) {
                        throw FederationFailure.unwrap(e, sql);
                    }
                    r = rows.current();
                }
                count++;
                Object[] row = columns == 1 && !(r instanceof Object[]) ? new Object[] {r} : (Object[]) r;
                Object[] out = new Object[columns];
                for (int i = 0; i < columns; i++) out[i] = Internal.toJdbc(row[i], classes[i]);
                return out;
            }

            @Override
            public void close() {
                try {
                    rows.close();
                } catch (RuntimeException ignored) {
                    // closing the scans of a finished or abandoned query
                } finally {
                    source.close();
                }
            }
        };
        return new RowsResultSet(md, columns, rowSource);
    }

    /** Every row of the plan, held (counted against the budget), then sorted and cut by the final sort. */
    private java.util.Iterator<Object[]> sorted(Enumerator<Object> rows, Parameters params, RowBudget held, ShardSource source)
            throws SQLException {
        List<Object[]> all = new ArrayList<>();
        try {
            while (rows.moveNext()) {
                held.take();
                Object r = rows.current();
                all.add(r instanceof Object[] a ? a.clone() : new Object[] {r});
            }
        } catch (RuntimeException e) {
            source.close();
            throw FederationFailure.unwrap(e, sql);
        } catch (SQLException e) {
            source.close();
            throw e;
        }
        return finalSort.apply(all, params, source.textOrder()).iterator();
    }

    /**
     * The result's columns as the shard database describes the same statement: labels, JDBC types
     * and Java classes are then exactly what one database would report.
     */
    private ResultSetMetaData describe(Parameters params, ShardSource source) throws SQLException {
        ResultSetMetaData md = described;
        if (md != null) return md;
        md = source.describe(0, sql, FederationEngine.values(params, parameterTypes.length));
        if (md == null || md.getColumnCount() != columns) {
            throw new SQLException("the shard describes " + (md == null ? "no" : md.getColumnCount()) + " result columns for "
                    + "this query but federation computes " + columns + " [statement: " + FederationEngine.abbreviate(sql) + "]", "XX000");
        }
        md = RowsResultSet.snapshot(md, columns);
        described = md;
        return md;
    }

    /** Calcite's physical plan (its row type is the result's as federation computes it). */
    RelNode physicalPlan() { return physical; }

    /** The plan and, per table scan, the SQL each shard is asked with these parameters. */
    String explain(Parameters params) throws SQLException {
        StringBuilder sb = new StringBuilder(RelOptUtil.toString(physical, SqlExplainLevel.EXPPLAN_ATTRIBUTES).strip());
        RexBuilder rexBuilder = new RexBuilder(typeFactory);
        List<RelNode> scans = new ArrayList<>();
        collectScans(physical, scans);
        for (RelNode node : scans) {
            KeyPassing passing = node instanceof KeyPassingJoin k ? k.passing() : null;
            org.apache.calcite.rel.core.TableScan scan = node instanceof KeyPassingJoin k ? k.scan()
                    : (org.apache.calcite.rel.core.TableScan) node;
            LogicalTable t = scan.getTable().unwrap(LogicalTable.class);
            if (t == null) continue;
            // a scan of whole rows is an enumerable scan with neither filters nor projections
            List<RexNode> filters = scan instanceof Bindables.BindableTableScan b ? b.filters : List.of();
            int[] projects = passing != null ? passing.projects()
                    : scan instanceof Bindables.BindableTableScan b && !b.projects.isEmpty() ? b.projects.toIntArray() : null;
            LogicalTable.ScanPlan p = t.plan(new ArrayList<>(filters), projects, rexBuilder, i -> params.get(i + 1));
            sb.append("\nscan ").append(t.name()).append(": ").append(p.queries().size()).append(" shard(s)");
            for (ShardQuery q : p.queries()) sb.append("\n  ").append(q);
            if (passing != null) {
                List<String> names = new ArrayList<>();
                for (int c : passing.probeColumns()) names.add(t.columns().get(c).name());
                sb.append("\n  and ").append(names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names))
                        .append(" IN (the other side's keys, at most ").append(LogicalTable.KEYS_PER_QUERY)
                        .append(" a query; read whole past ").append(KeyPassing.MAX_KEYS).append(" keys)");
            }
            if (p.pushed().size() < filters.size()) sb.append("\n  (").append(filters.size() - p.pushed().size())
                    .append(" filter(s) evaluated in the driver)");
        }
        return sb.toString();
    }

    /** The plan's table scans, and its key-passing joins (whose scan is not an input), in plan order. */
    private static void collectScans(RelNode n, List<RelNode> out) {
        if (n instanceof org.apache.calcite.rel.core.TableScan || n instanceof KeyPassingJoin) out.add(n);
        for (RelNode in : n.getInputs()) collectScans(in, out);
    }
}
