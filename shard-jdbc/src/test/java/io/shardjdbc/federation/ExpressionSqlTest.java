package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Expressions over one table's columns as the SQL a shard computes them with, per dialect: the
 * shard returns the value as a column, so its own rules (function results, decimal scale,
 * collation) decide. No database: the translation alone; the differential suite runs the same
 * expressions on PostgreSQL and MariaDB.
 */
class ExpressionSqlTest {
    private final JavaTypeFactoryImpl tf = new JavaTypeFactoryImpl(FederationTypeSystem.INSTANCE);
    private final RexBuilder rex = new RexBuilder(tf);
    private final List<Column> columns = List.of(
            new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 64, 0, false),
            new Column("order_date", Types.DATE, "date", SqlTypeName.DATE, 0, 0, false),
            new Column("qty", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true));

    private RexNode col(int i) {
        SqlTypeName t = columns.get(i).sqlType();
        RelDataType type = tf.createTypeWithNullability(t == SqlTypeName.VARCHAR ? tf.createSqlType(t, 64) : tf.createSqlType(t), i == 2);
        return rex.makeInputRef(type, i);
    }

    private String sql(Dialect d, RexNode e) {
        ExpressionSql.Written w = new ExpressionSql(d, columns).write(e);
        assertThat(w).as("written: %s", e).isNotNull();
        return w.sql();
    }

    @Test
    void functionsAreWrittenInTheShardsDialectWithQuotedColumns() {
        RexNode substring = rex.makeCall(SqlStdOperatorTable.SUBSTRING, col(0), rex.makeExactLiteral(BigDecimal.ONE),
                rex.makeExactLiteral(BigDecimal.valueOf(2)));
        RexNode year = rex.makeCall(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.YEAR), col(1));
        assertThat(sql(Dialect.POSTGRESQL, substring)).isEqualTo("(SUBSTRING(\"name\", 1, 2))");
        assertThat(sql(Dialect.MYSQL, substring)).isEqualTo("(SUBSTRING(`name`, 1, 2))");
        assertThat(sql(Dialect.POSTGRESQL, year)).isEqualTo("(EXTRACT(YEAR FROM \"order_date\"))");
        assertThat(sql(Dialect.MYSQL, year)).isEqualTo("(EXTRACT(YEAR FROM `order_date`))");
    }

    @Test
    void mySqlDivisionIsTheDatabasesDecimalDivision() {
        RexNode half = rex.makeCall(MySqlDivision.DIVIDE, col(2), rex.makeExactLiteral(BigDecimal.valueOf(2)));
        assertThat(half.getType().getSqlTypeName()).as("MySQL divides integers into a decimal").isEqualTo(SqlTypeName.DECIMAL);
        assertThat(half.getType().getScale()).isEqualTo(4);
        assertThat(sql(Dialect.MYSQL, half)).isEqualTo("(`qty` / 2)");
    }

    @Test
    void parametersStayMarkersInTheirOrder() {
        RexNode e = rex.makeCall(SqlStdOperatorTable.PLUS,
                rex.makeCall(SqlStdOperatorTable.CHAR_LENGTH, col(0)), rex.makeDynamicParam(tf.createSqlType(SqlTypeName.INTEGER), 3));
        ExpressionSql.Written w = new ExpressionSql(Dialect.POSTGRESQL, columns).write(e);
        assertThat(w.sql()).isEqualTo("(CHAR_LENGTH(\"name\") + ?)");
        assertThat(w.parameters()).containsExactly(3);
    }

    @Test
    void textWeightsIgnoreTrailingSpacesUnderPadSpaceCollations() {
        RexNode w = rex.makeCall(tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARBINARY), false),
                CollationWeights.WEIGHT, List.of(col(0)));
        assertThat(sql(Dialect.MYSQL, w).replaceAll("\\s+\\)", ")").replaceAll("\\s+", " ")).isEqualTo("(WEIGHT_STRING(CASE WHEN COLLATION(`name`) LIKE '%nopad%' OR "
                + "COLLATION(`name`) LIKE '%0900%' OR COLLATION(`name`) = 'binary' THEN `name` ELSE RTRIM(`name`) END))");
    }

    @Test
    void whatNeedsMoreThanOneRowIsNotWritten() {
        RexNode sub = rex.makeCall(SqlStdOperatorTable.PLUS, col(2), rex.makeCorrel(tf.createSqlType(SqlTypeName.INTEGER),
                new org.apache.calcite.rel.core.CorrelationId(0)));
        assertThat(new ExpressionSql(Dialect.POSTGRESQL, columns).write(sub)).isNull();
    }
}
