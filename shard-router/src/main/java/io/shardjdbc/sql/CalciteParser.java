package io.shardjdbc.sql;

import io.shardjdbc.config.Dialect;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Calcite's Babel parser configured per dialect: the most lenient of the configurations measured
 * on our corpus of application SQL (see the corpus test), with the dialect's identifier quoting.
 */
public final class CalciteParser {
    private final SqlParser.Config config;

    public CalciteParser(Dialect dialect) {
        SqlParser.Config base = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(SqlConformanceEnum.BABEL);
        this.config = switch (dialect) {
            case MYSQL -> base.withLex(Lex.MYSQL).withConformance(SqlConformanceEnum.BABEL);
            case POSTGRESQL, H2 -> base.withQuoting(Quoting.DOUBLE_QUOTE)
                    .withUnquotedCasing(Casing.TO_LOWER)
                    .withQuotedCasing(Casing.UNCHANGED)
                    .withCaseSensitive(false);
        };
    }

    /** The parser configuration (federation parses and validates with the same one). */
    public SqlParser.Config config() {
        return config;
    }

    /** Parses one (masked) statement. */
    public SqlNode parse(String text) throws SqlParseException {
        return SqlParser.create(text, config).parseStmt();
    }
}
