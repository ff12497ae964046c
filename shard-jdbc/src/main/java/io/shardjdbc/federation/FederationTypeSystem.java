package io.shardjdbc.federation;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's types made to compute like PostgreSQL and MySQL: SUM of an integer column is a BIGINT
 * (PostgreSQL int8; MySQL DECIMAL) and SUM of a BIGINT an exact decimal, so sums never overflow
 * where the database's would not; decimals as wide as PostgreSQL's numeric; CASE and set operations
 * over strings of several lengths give VARCHAR, not a space-padded CHAR. The result classes
 * themselves are the database's (see {@link Internal#toJdbc}).
 */
final class FederationTypeSystem extends RelDataTypeSystemImpl {
    static final FederationTypeSystem INSTANCE = new FederationTypeSystem();
    private static final int MAX_DECIMAL = 1000;

    private FederationTypeSystem() { }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxScale(typeName);
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory tf, RelDataType argumentType) {
        RelDataType t = switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER -> tf.createSqlType(SqlTypeName.BIGINT);
            case BIGINT -> tf.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL, 0);
            case DECIMAL -> tf.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL, argumentType.getScale());
            default -> super.deriveSumType(tf, argumentType);
        };
        return tf.createTypeWithNullability(t, argumentType.isNullable());
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
