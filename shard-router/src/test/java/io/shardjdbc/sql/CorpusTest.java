package io.shardjdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SQL front end measured on a corpus of statements as applications send them (Hibernate, MyBatis,
 * jOOQ, JdbcTemplate, pool init, DDL, dialect corner cases). Every statement's kind must be read
 * right; queries and DML must be analysed with the tables the corpus expects, for nearly all of them;
 * and the parser configuration we use must read at least as many as the alternatives.
 */
class CorpusTest {
    record Entry(String sql, StatementKind kind, Set<String> tables) { }

    static List<Entry> corpus(Dialect d) throws IOException {
        String name = d == Dialect.MYSQL ? "/corpus/mysql.sql" : "/corpus/postgresql.sql";
        String text;
        try (InputStream in = CorpusTest.class.getResourceAsStream(name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> out = new ArrayList<>();
        for (String block : text.split("(?m)^-- @@\\s*$")) {
            String b = block.strip();
            if (b.isEmpty()) continue;
            StatementKind kind = null;
            Set<String> tables = null;
            if (b.startsWith("-- expect:")) {
                int nl = b.indexOf('\n');
                String header = b.substring("-- expect:".length(), nl).trim();
                b = b.substring(nl + 1);
                String[] parts = header.split("\\s+");
                kind = StatementKind.valueOf(parts[0]);
                for (String p : parts) {
                    if (p.startsWith("tables=")) {
                        tables = Arrays.stream(p.substring(7).split(",")).filter(s -> !s.isEmpty())
                                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
                    }
                }
            }
            out.add(new Entry(b, kind, tables));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void everyStatementKindIsReadRight(Dialect d) throws IOException {
        SqlLexer lexer = new SqlLexer(d);
        List<String> wrong = new ArrayList<>();
        for (Entry e : corpus(d)) {
            StatementKind k = Keywords.kind(lexer.lex(e.sql()));
            if (e.kind() != null && k != e.kind()) wrong.add(k + " instead of " + e.kind() + ": " + e.sql());
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void ddlTablesAreFound(Dialect d) throws IOException {
        SqlLexer lexer = new SqlLexer(d);
        List<String> wrong = new ArrayList<>();
        for (Entry e : corpus(d)) {
            if (e.kind() != StatementKind.DDL || e.tables() == null) continue;
            Set<String> found = new TreeSet<>(Keywords.ddlTables(lexer.lex(e.sql())));
            if (!found.equals(e.tables())) wrong.add(found + " instead of " + e.tables() + ": " + e.sql());
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void queriesAndDmlAreAnalysedWithTheirTables(Dialect d) throws IOException {
        StatementAnalyzer analyzer = new StatementAnalyzer(d);
        List<String> failed = new ArrayList<>();
        List<String> wrongTables = new ArrayList<>();
        int total = 0;
        for (Entry e : corpus(d)) {
            if (!isQueryOrDml(e.kind())) continue;
            total++;
            try {
                LexedSql lexed = analyzer.lex(e.sql());
                StatementShape shape = analyzer.shape(lexed, e.kind());
                Set<String> found = shape.tables().stream().map(TableRef::name).collect(Collectors.toCollection(TreeSet::new));
                if (e.tables() != null && !found.equals(e.tables())) wrongTables.add(found + " instead of " + e.tables() + ": " + e.sql());
            } catch (SQLException ex) {
                failed.add(ex.getMessage().lines().findFirst().orElse("") + "\n    " + e.sql().replaceAll("\\s+", " "));
            }
        }
        double coverage = 1.0 - (double) failed.size() / total;
        System.out.printf("%s corpus: %d queries/DML, %.1f%% analysed; not analysed:%n  %s%n", d, total, 100 * coverage,
                String.join("\n  ", failed));
        assertThat(wrongTables).isEmpty();
        assertThat(coverage).as("share of corpus queries and DML analysed").isGreaterThanOrEqualTo(0.90);
    }

    /** Babel on masked text is the configuration we use because it reads the most of the corpus. */
    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void chosenParserConfigurationReadsTheMost(Dialect d) throws IOException {
        SqlLexer lexer = new SqlLexer(d);
        Masker masker = new Masker(d);
        SqlParser.Config core = d == Dialect.MYSQL
                ? SqlParser.config().withLex(Lex.MYSQL).withConformance(SqlConformanceEnum.MYSQL_5)
                : SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE).withUnquotedCasing(Casing.TO_LOWER)
                        .withConformance(SqlConformanceEnum.LENIENT);
        SqlParser.Config babel = core.withParserFactory(SqlBabelParserImpl.FACTORY).withConformance(SqlConformanceEnum.BABEL);
        int coreMasked = 0, babelMasked = 0, babelRaw = 0;
        for (Entry e : corpus(d)) {
            if (!isQueryOrDml(e.kind())) continue;
            String masked = masker.mask(lexer.lex(e.sql())).text();
            coreMasked += parses(core, masked);
            babelMasked += parses(babel, masked);
            babelRaw += parses(babel, e.sql());
        }
        System.out.printf("%s parses: core+mask %d, babel raw %d, babel+mask %d%n", d, coreMasked, babelRaw, babelMasked);
        assertThat(babelMasked).isGreaterThanOrEqualTo(coreMasked).isGreaterThan(babelRaw);
    }

    private static boolean isQueryOrDml(StatementKind k) {
        return k == StatementKind.QUERY || k == StatementKind.INSERT || k == StatementKind.UPDATE || k == StatementKind.DELETE;
    }

    private static int parses(SqlParser.Config config, String sql) {
        try {
            SqlParser.create(sql, config).parseStmt();
            return 1;
        } catch (SqlParseException | RuntimeException e) {
            return 0;
        }
    }
}
