package io.shardjdbc.shardctl;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shardctl explain SQL}: where the driver would run a statement, without running it. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show where the driver would run a statement with the current topology: the shards, the SQL each "
                + "is sent, and how their results merge (or the federated plan). Nothing is executed; a federated "
                + "SELECT reads its tables' columns from a shard.")
final class ExplainCommand extends ReportCommand {
    @Parameters(index = "0", paramLabel = "SQL", description = "the statement, as the application sends it (with ? markers)")
    private String sql;

    @Option(names = {"-p", "--param"}, paramLabel = "VALUE",
            description = "the value of the next ? marker: an integer or decimal as a number, NULL, 'quoted' or any other "
                    + "text as a string")
    private List<String> params = new ArrayList<>();

    @Override
    Report report(Deployment d) throws Exception {
        Object[] values = new Object[params.size()];
        for (int i = 0; i < values.length; i++) values[i] = value(params.get(i));
        try (ShardDataSource driver = new ShardDataSource(d.config())) {
            int markers = driver.parameterCount(sql);
            if (markers != values.length) {
                throw new java.sql.SQLException("the statement has " + markers + " ? marker(s) and " + values.length
                        + " --param value(s) were given; give one --param per marker, in order", "07001");
            }
            return Explained.of(sql, params, driver.explain(sql, values));
        }
    }

    /** A parameter as the application would likely bind it. */
    static Object value(String text) {
        if (text.equalsIgnoreCase("null")) return null;
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) return text.substring(1, text.length() - 1);
        if (text.matches("[-+]?\\d{1,18}")) return Long.parseLong(text);
        if (text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) return new BigDecimal(text);
        return text;
    }

    /**
     * The plan for people and scripts.
     *
     * @param federated why the statement is federated, or null
     * @param merge     how several shards' results merge, or null
     * @param shards    the physical statements, in the order they run
     * @param primitives the tree of primitives that runs the plan, one line each, or null (transaction
     *                   and session statements, shard-key moves)
     * @param plan      the plan as text (for a federated statement, Calcite's plan and each shard's SQL)
     */
    record Explained(String sql, List<String> params, String kind, String federated, String merge, List<Unit> shards,
                     String primitives, String plan) implements Report {
        record Unit(String shard, String sql) { }

        static Explained of(String sql, List<String> params, RoutePlan p) {
            List<Unit> units = new ArrayList<>();
            for (RouteUnit u : p.units()) units.add(new Unit(u.shardName(), u.sql()));
            return new Explained(sql, params, p.kind().name(), p.isFederated() ? p.federation().reason() : null,
                    p.merge() == null ? null : p.merge().toString(), units, p.primitives(), p.toString());
        }

        @Override
        public void printText(PrintWriter out) {
            out.println(plan);
        }

        @Override
        public int exitCode(PrintWriter err) { return ShardCtl.OK; }
    }
}
