package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;

/**
 * How one aggregate of a query splits into partial aggregates computed per group of rows (by a
 * shard, or below a join) and the aggregate that folds the partials into the query's value: COUNT
 * into a sum of counts, SUM into a sum of sums, MIN and MAX into the extreme of extremes, AVG into
 * the dialect's division of the summed sums by the summed counts. Only splits that fold exactly
 * exist: no DISTINCT or FILTER, SUM and AVG of exact numbers, MIN and MAX of text only by code point
 * (PostgreSQL's, see {@link CodePointExtremes}).
 *
 * @param call     the query's aggregate
 * @param partials what each group computes, over the call's argument; a COUNT(*) has none
 * @param codePoint true where the partial MIN/MAX compares text by code point
 */
record AggregateFold(AggregateCall call, List<ShardGrouping.Function> partials, boolean codePoint) {

    /** The split of an aggregate whose argument (if any) has this type, or null when it does not fold exactly. */
    static AggregateFold of(AggregateCall call, RelDataType argType) {
        if (call.isDistinct() || call.isApproximate() || call.hasFilter() || !call.getCollation().getFieldCollations().isEmpty()
                || !call.rexList.isEmpty() || call.getArgList().size() > 1) {
            return null;
        }
        SqlAggFunction f = call.getAggregation();
        if (f instanceof SqlUserDefinedAggFunction) {
            String name = f.getName();
            if (name.equals(DialectAverage.NAME)) {
                return exactNumber(argType) ? new AggregateFold(call, List.of(ShardGrouping.Function.SUM, ShardGrouping.Function.COUNT), false) : null;
            }
            if (name.equals(CodePointExtremes.MIN) || name.equals(CodePointExtremes.MAX)) {
                return new AggregateFold(call, List.of(name.equals(CodePointExtremes.MIN) ? ShardGrouping.Function.MIN
                        : ShardGrouping.Function.MAX), argType != null && Semantics.text(argType));
            }
            return null;
        }
        return switch (f.getKind()) {
            case COUNT -> new AggregateFold(call, List.of(ShardGrouping.Function.COUNT), false);
            case SUM, SUM0 -> exactNumber(argType) ? new AggregateFold(call, List.of(ShardGrouping.Function.SUM), false) : null;
            case MIN, MAX -> argType == null || Semantics.text(argType) ? null
                    : new AggregateFold(call, List.of(f.getKind() == SqlKind.MIN ? ShardGrouping.Function.MIN : ShardGrouping.Function.MAX), false);
            default -> null;
        };
    }

    /**
     * The type of the partial column {@code i} of this fold, over an argument of this type. Partial counts and sums
     * that SUM folds are typed as SUM's own result over them (a DECIMAL for integers), since Calcite's SUM adds values of
     * its result type; an AVG's partials keep SUM's and COUNT's types of the argument, which its fold adds itself.
     */
    RelDataType partialType(int i, RelDataType argType, RelDataTypeFactory tf) {
        return switch (partials.get(i)) {
            case COUNT -> average() ? tf.createSqlType(SqlTypeName.BIGINT)
                    : tf.getTypeSystem().deriveSumType(tf, tf.createSqlType(SqlTypeName.BIGINT));
            case SUM -> {
                RelDataType sum = tf.getTypeSystem().deriveSumType(tf, argType);
                yield tf.createTypeWithNullability(average() ? sum : tf.getTypeSystem().deriveSumType(tf, sum), true);
            }
            case MIN, MAX -> tf.createTypeWithNullability(argType, true);
        };
    }

    /** The partial {@code i} as an aggregate of {@code input} below a join, over the argument at {@code arg}. */
    AggregateCall partialCall(int i, List<Integer> arg, int groupCount, org.apache.calcite.rel.RelNode input) {
        SqlAggFunction f = switch (partials.get(i)) {
            case COUNT -> SqlStdOperatorTable.COUNT;
            case SUM -> SqlStdOperatorTable.SUM;
            // the query's own MIN/MAX: PostgreSQL's by code point, or the standard one over a non-text value
            case MIN, MAX -> call.getAggregation();
        };
        return AggregateCall.create(f, false, false, arg, -1, RelCollations.EMPTY, groupCount, input, null, null);
    }

    /**
     * The aggregate that folds the partials, which are the columns of {@code input} from {@code first} on. Its type is
     * the one Calcite infers (a sum of BIGINT partial sums is a DECIMAL): the caller casts the fold's row to the query's.
     */
    AggregateCall foldCall(int first, Dialect dialect, int groupCount, org.apache.calcite.rel.RelNode input) {
        SqlAggFunction f;
        List<Integer> args = List.of(first);
        if (average()) {
            f = DialectAverage.ofPartials(dialect, call.getType());
            args = List.of(first, first + 1);
        } else if (call.getAggregation().getKind() == SqlKind.COUNT) {
            f = SqlStdOperatorTable.SUM0;
        } else {
            f = call.getAggregation();
        }
        return AggregateCall.create(f, false, false, args, -1, RelCollations.EMPTY, groupCount, input, null, call.getName());
    }

    private boolean average() {
        return call.getAggregation().getName().equals(DialectAverage.NAME);
    }

    private static boolean exactNumber(RelDataType t) {
        return t != null && SqlTypeName.EXACT_TYPES.contains(t.getSqlTypeName());
    }
}
