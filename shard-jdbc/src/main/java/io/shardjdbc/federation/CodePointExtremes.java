package io.shardjdbc.federation;

import io.shardjdbc.mergeplan.SqlValues;
import java.util.List;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * MIN and MAX as PostgreSQL computes them under the C / C.UTF-8 collations, for federation: text
 * by code point (Calcite's own MIN/MAX compare by UTF-16 unit, which differs above U+FFFF), every
 * other type by value ({@link SqlValues#compare}, as the merge compares). The query's MIN/MAX
 * aggregates on PostgreSQL are replaced by these before validation.
 */
public final class CodePointExtremes {
    private CodePointExtremes() { }

    /** The functions' names in plans and in federation's operator table. */
    static final String MIN = "SJ_MIN";
    static final String MAX = "SJ_MAX";

    /** The best value so far. */
    public static final class Accumulator {
        Object best;
    }

    static SqlUserDefinedAggFunction function(boolean max) {
        return new SqlUserDefinedAggFunction(new SqlIdentifier(max ? MAX : MIN, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0_FORCE_NULLABLE, InferTypes.FIRST_KNOWN,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.ANY), tf -> List.of(tf.createSqlType(SqlTypeName.ANY)),
                        i -> "value", i -> false),
                AggregateFunctionImpl.create(max ? Max.class : Min.class), false, false, Optionality.IGNORED);
    }

    static Accumulator fold(Accumulator a, Object v, int sign) {
        if (v != null && (a.best == null || sign * SqlValues.compare(v, a.best) > 0)) a.best = v;
        return a;
    }

    /** MIN (generated code calls these methods). */
    public static final class Min {
        private Min() { }

        public static Accumulator init() { return new Accumulator(); }

        public static Accumulator add(Accumulator a, Object v) { return fold(a, v, -1); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return fold(a, b.best, -1); }

        public static Object result(Accumulator a) { return a.best; }
    }

    /** MAX (generated code calls these methods). */
    public static final class Max {
        private Max() { }

        public static Accumulator init() { return new Accumulator(); }

        public static Accumulator add(Accumulator a, Object v) { return fold(a, v, 1); }

        public static Accumulator merge(Accumulator a, Accumulator b) { return fold(a, b.best, 1); }

        public static Object result(Accumulator a) { return a.best; }
    }
}
