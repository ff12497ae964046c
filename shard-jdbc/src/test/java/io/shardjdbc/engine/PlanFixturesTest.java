package io.shardjdbc.engine;

import static org.assertj.core.api.Assertions.fail;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.Router;
import io.shardjdbc.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Plan fixtures: files of statements with their parameters, each followed by the plan the router must
 * make for it against a named config ({@code src/test/resources/plans/*.plans}; the configs are the
 * {@code *.yaml} files beside them), and the tree of primitives that runs it. Read a fixture as a
 * specification: given this topology and this statement, these shards and exactly this SQL on each,
 * this merge, and these primitives. Planning needs no database, so neither does this test.
 *
 * <p>Every run writes what the router produced, in the same format, to {@code target/plan-fixtures/};
 * when a plan changes on purpose, the failure message prints the one command that accepts it.
 *
 * <pre>
 * config: pg
 *
 * == a point select goes to its key's shard unchanged
 * SELECT name FROM customer WHERE customer_id = ?
 * params: 42
 * =>
 * QUERY on 1 shard(s)
 *   s1: SELECT name FROM customer WHERE customer_id = ?
 * primitives:
 *   Route on s1
 * </pre>
 *
 * {@code params:} is optional (integers bind as Long, decimals as BigDecimal, {@code 'text'} as String,
 * {@code NULL}, {@code true}/{@code false}); a statement the router refuses expects {@code ERROR <SQLState> <message>}.
 */
class PlanFixturesTest {
    private static final Path ACTUAL = Paths.get("target", "plan-fixtures");

    @TestFactory
    Stream<DynamicNode> everyFixtureFileRoutesAsWritten() throws IOException, URISyntaxException {
        Path dir = Paths.get(PlanFixturesTest.class.getResource("/plans").toURI());
        Files.createDirectories(ACTUAL);
        List<DynamicNode> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".plans")).sorted().toList()) files.add(file(dir, f));
        }
        return files.stream();
    }

    private static DynamicContainer file(Path dir, Path fixture) throws IOException {
        FixtureFile parsed = FixtureFile.parse(fixture);
        String yaml = Files.readString(dir.resolve(parsed.config() + ".yaml"));
        Router router = new Router(Topology.of(ConfigLoader.parse(parsed.config() + ".yaml", yaml, Map.of(), k -> null)), 1000);
        List<String> actual = new ArrayList<>();
        for (Case c : parsed.cases()) actual.add(plan(router, c));
        Path written = ACTUAL.resolve(fixture.getFileName());
        Files.writeString(written, parsed.render(actual));
        String accept = "cp shard-jdbc/" + written + " shard-jdbc/src/test/resources/plans/";
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < parsed.cases().size(); i++) {
            Case c = parsed.cases().get(i);
            String got = actual.get(i);
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (!got.equals(c.expected())) {
                    fail("%s: %s%n%s%nexpected:%n%s%nactual:%n%s%n%nIf the new plan is right, accept every plan of this file with:%n  %s",
                            fixture.getFileName(), c.name(), c.sql(), c.expected(), got, accept);
                }
            }));
        }
        return DynamicContainer.dynamicContainer(fixture.getFileName().toString(), tests);
    }

    private static String plan(Router router, Case c) {
        try {
            Parameters params = Parameters.of(c.params().toArray());
            return PlanCompiler.explain(router.route(c.sql(), params), c.sql(), params).toString();
        } catch (SQLException e) {
            return "ERROR " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("");
        } catch (RuntimeException e) {
            return "CRASH " + e;
        }
    }

    /** One statement of a fixture file and the plan written for it. */
    record Case(String name, String sql, String paramsText, List<Object> params, String expected) { }

    /** A fixture file: its config's name and its cases, in order. */
    record FixtureFile(String config, List<Case> cases) {
        static FixtureFile parse(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String config = null;
            List<Case> cases = new ArrayList<>();
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                if (line.startsWith("config:")) {
                    config = line.substring("config:".length()).trim();
                    i++;
                } else if (line.startsWith("== ")) {
                    String name = line.substring(3).trim();
                    StringBuilder sql = new StringBuilder();
                    String params = null;
                    i++;
                    while (i < lines.size() && !lines.get(i).equals("=>")) {
                        String l = lines.get(i++);
                        if (l.startsWith("params:")) params = l.substring("params:".length()).trim();
                        else sql.append(sql.length() == 0 ? "" : "\n").append(l);
                    }
                    i++; // "=>"
                    StringBuilder expected = new StringBuilder();
                    while (i < lines.size() && !lines.get(i).startsWith("== ") && !lines.get(i).isBlank()) {
                        expected.append(expected.length() == 0 ? "" : "\n").append(lines.get(i++));
                    }
                    cases.add(new Case(name, sql.toString(), params, params == null ? List.of() : values(params), expected.toString()));
                } else {
                    i++; // blank lines and # comments between cases
                }
            }
            if (config == null) throw new IllegalArgumentException(file + ": no 'config:' line");
            return new FixtureFile(config, cases);
        }

        /** This file with {@code plans} in place of the expected plans (what {@code target/plan-fixtures} holds). */
        String render(List<String> plans) {
            StringBuilder sb = new StringBuilder("config: ").append(config).append('\n');
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                sb.append("\n== ").append(c.name()).append('\n').append(c.sql()).append('\n');
                if (c.paramsText() != null) sb.append("params: ").append(c.paramsText()).append('\n');
                sb.append("=>\n").append(plans.get(i)).append('\n');
            }
            return sb.toString();
        }

        private static List<Object> values(String text) {
            List<Object> out = new ArrayList<>();
            for (String v : splitTopLevel(text)) {
                String t = v.trim();
                if (t.equalsIgnoreCase("null")) out.add(null);
                else if (t.equals("true") || t.equals("false")) out.add(Boolean.valueOf(t));
                else if (t.startsWith("'") && t.endsWith("'") && t.length() >= 2) out.add(t.substring(1, t.length() - 1).replace("''", "'"));
                else if (t.matches("-?\\d+")) out.add(Long.valueOf(t));
                else if (t.matches("-?\\d*\\.\\d+")) out.add(new BigDecimal(t));
                else throw new IllegalArgumentException("cannot read parameter " + t + " (integer, decimal, 'text', NULL, true or false)");
            }
            return out;
        }

        /** Splits at commas outside single quotes. */
        private static List<String> splitTopLevel(String text) {
            List<String> parts = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (char ch : text.toCharArray()) {
                if (ch == '\'') quoted = !quoted;
                if (ch == ',' && !quoted) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(ch);
                }
            }
            parts.add(cur.toString());
            return parts;
        }
    }
}
