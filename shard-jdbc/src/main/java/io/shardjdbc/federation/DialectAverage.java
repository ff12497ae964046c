package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.mergeplan.SqlValues;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * AVG as the shard database computes it, for federation: the sum and count fold exactly and the
 * quotient follows the dialect's division ({@link SqlValues#average}: PostgreSQL's numeric scale of
 * at least 16 significant digits, MySQL's dividend scale + 4, floating point for floating inputs),
 * the same rules the cross-shard merge uses. Calcite's own AVG divides with its types (an integer
 * AVG would truncate), so the query's AVG calls are replaced by this function before validation.
 */
public final class DialectAverage {
    private DialectAverage() { }

    /** The function's name in plans and in federation's operator table. */
    static final String NAME = "SJ_AVG";

    /** The running sum and count of one group. */
    public static final class Accumulator {
        Object sum;
        long count;
    }

    /**
     * The aggregate function for a dialect, named SJ_AVG in plans (a name of its own: the validator
     * resolves functions by name again, and AVG would find Calcite's).
     */
    static SqlUserDefinedAggFunction function(Dialect dialect) {
        Class<?> impl = dialect == Dialect.MYSQL ? MySql.class : Postgres.class;
        return new SqlUserDefinedAggFunction(new SqlIdentifier(NAME, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                binding -> type(binding.getTypeFactory(), binding.getOperandType(0), dialect),
                InferTypes.FIRST_KNOWN,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC),
                        tf -> List.of(tf.createSqlType(SqlTypeName.ANY)), i -> "value", i -> false),
                AggregateFunctionImpl.create(impl), false, false, Optionality.FORBIDDEN);
    }

    /**
     * The AVG of a grouped scan ({@link AggregatePushdown}): it folds the shards' partial SUM and COUNT of each group
     * and divides as the dialect's AVG does, with the type of the AVG it replaces.
     */
    static SqlUserDefinedAggFunction ofPartials(Dialect dialect, RelDataType type) {
        Class<?> impl = dialect == Dialect.MYSQL ? MySqlPartials.class : PostgresPartials.class;
        return new SqlUserDefinedAggFunction(new SqlIdentifier(NAME, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                org.apache.calcite.sql.type.ReturnTypes.explicit(type), InferTypes.FIRST_KNOWN,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC),
                        tf -> List.of(tf.createSqlType(SqlTypeName.ANY), tf.createSqlType(SqlTypeName.ANY)),
                        i -> i == 0 ? "sum" : "count", i -> false),
                AggregateFunctionImpl.create(impl), false, false, Optionality.FORBIDDEN);
    }

    private static RelDataType type(RelDataTypeFactory tf, RelDataType arg, Dialect dialect) {
        RelDataType t;
        if (SqlTypeName.APPROX_TYPES.contains(arg.getSqlTypeName())) {
            t = tf.createSqlType(SqlTypeName.DOUBLE);
        } else {
            int max = tf.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
            int scale = dialect == Dialect.MYSQL ? Math.max(arg.getScale(), 0) + 4 : Math.max(16, Math.max(arg.getScale(), 0));
            t = tf.createSqlType(SqlTypeName.DECIMAL, max, Math.min(scale, max));
        }
        return tf.createTypeWithNullability(t, true);
    }

    static Accumulator start() {
        return new Accumulator();
    }

    static Accumulator fold(Accumulator a, Object v) {
        if (v == null) return a;
        a.sum = a.sum == null ? v : SqlValues.add(a.sum, v);
        a.count++;
        return a;
    }

    /** Folds one shard's partial sum and count of a group (a shard with no value in it sends a NULL sum and 0). */
    static Accumulator foldPartial(Accumulator a, Object sum, Object count) {
        if (sum == null) return a;
        a.sum = a.sum == null ? sum : SqlValues.add(a.sum, sum);
        a.count += ((Number) count).longValue();
        return a;
    }

    static Accumulator combine(Accumulator a, Accumulator b) {
        if (b.sum != null) a.sum = a.sum == null ? b.sum : SqlValues.add(a.sum, b.sum);
        a.count += b.count;
        return a;
    }

    static Object finish(Accumulator a, Dialect dialect) {
        if (a.count == 0) return null;
        try {
            Object avg = SqlValues.average(a.sum, a.count, dialect);
            return avg instanceof Float f ? (Object) f.doubleValue() : avg;
        } catch (SQLException e) {
            throw new FederationFailure(e);
        }
    }

    /** PostgreSQL's AVG (generated code calls these methods). */
    public static final class Postgres {
        private Postgres() { }

        public static Accumulator init() { return start(); }

        public static Accumulator add(Accumulator a, Object v) { return fold(a, v); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return combine(a, b); }

        public static Object result(Accumulator a) { return finish(a, Dialect.POSTGRESQL); }
    }

    /** MySQL's and MariaDB's AVG (generated code calls these methods). */
    public static final class MySql {
        private MySql() { }

        public static Accumulator init() { return start(); }

        public static Accumulator add(Accumulator a, Object v) { return fold(a, v); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return combine(a, b); }

        public static Object result(Accumulator a) { return finish(a, Dialect.MYSQL); }
    }

    /** PostgreSQL's AVG over partial sums and counts (generated code calls these methods). */
    public static final class PostgresPartials {
        private PostgresPartials() { }

        public static Accumulator init() { return start(); }

        public static Accumulator add(Accumulator a, Object sum, Object count) { return foldPartial(a, sum, count); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return combine(a, b); }

        public static Object result(Accumulator a) { return finish(a, Dialect.POSTGRESQL); }
    }

    /** MySQL's and MariaDB's AVG over partial sums and counts (generated code calls these methods). */
    public static final class MySqlPartials {
        private MySqlPartials() { }

        public static Accumulator init() { return start(); }

        public static Accumulator add(Accumulator a, Object sum, Object count) { return foldPartial(a, sum, count); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return combine(a, b); }

        public static Object result(Accumulator a) { return finish(a, Dialect.MYSQL); }
    }
}
