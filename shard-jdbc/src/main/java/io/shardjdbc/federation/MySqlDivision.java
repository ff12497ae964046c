package io.shardjdbc.federation;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * MySQL/MariaDB's {@code /}, typed as the database types it: exact numbers divide into a
 * DECIMAL with the dividend's scale plus {@code div_precision_increment} (4) digits — never an
 * integer, as Calcite's standard {@code /} of two integers is — and a division by zero is NULL.
 * With the database's type the quotient a shard computes ({@link ExpressionPushdown}) arrives
 * unchanged; the driver itself never divides on MySQL (see {@link Semantics}). Federation's
 * operator table offers it ahead of the standard one, so the validator resolves {@code /} to it.
 */
final class MySqlDivision {
    /** Division with MySQL's result type; printed as {@code /}. */
    static final SqlBinaryOperator DIVIDE = new SqlBinaryOperator("/", SqlKind.DIVIDE, 60, true,
            opBinding -> type(opBinding.getTypeFactory(), opBinding.getOperandType(0), opBinding.getOperandType(1)),
            InferTypes.FIRST_KNOWN, OperandTypes.DIVISION_OPERATOR);

    private MySqlDivision() { }

    private static RelDataType type(RelDataTypeFactory tf, RelDataType a, RelDataType b) {
        RelDataType t;
        if (SqlTypeUtil.isApproximateNumeric(a) || SqlTypeUtil.isApproximateNumeric(b)
                || !SqlTypeUtil.isExactNumeric(a) || !SqlTypeUtil.isExactNumeric(b)) {
            t = tf.createSqlType(SqlTypeName.DOUBLE);
        } else {
            int max = tf.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
            int scale = Math.min(max, Math.max(0, a.getScale()) + 4);
            int precision = Math.min(max, Math.max(a.getPrecision() - Math.max(0, a.getScale()) + Math.max(0, b.getScale()) + scale, scale + 1));
            t = tf.createSqlType(SqlTypeName.DECIMAL, precision, scale);
        }
        return tf.createTypeWithNullability(t, true); // x / 0 is NULL on MySQL
    }
}
