package io.shardjdbc.sql;

import java.util.List;
import java.util.Set;

/**
 * What routing needs to know of one statement, independent of any topology: its tables, the
 * conditions on their columns, INSERT rows, updated columns, and the features that decide whether
 * results from several shards can simply be concatenated.
 *
 * @param kind            statement kind
 * @param tables          every table named, including those in subqueries
 * @param where           the WHERE condition of the statement itself (Opaque if none usable)
 * @param joins           conditions of the top-level JOIN ... ON clauses
 * @param insert          INSERT ... VALUES rows, or null
 * @param insertSelect    true for INSERT ... SELECT
 * @param updatedColumns  columns assigned by UPDATE ... SET, lower case
 * @param features        result features of a query
 * @param clauses         clauses the masker blanked
 * @param select          the parts of a top-level SELECT a cross-shard merge needs, or null
 * @param subqueries      the nested queries, by scope
 * @param unionAllParts   when the statement is a chain of UNION ALL of plain SELECTs: the parts' scopes; else null
 * @param writeCondition  the text of an UPDATE's or DELETE's WHERE condition, or null
 */
public record StatementShape(StatementKind kind, List<TableRef> tables, Condition where, List<Condition> joins,
                             InsertRows insert, boolean insertSelect, List<String> updatedColumns,
                             Set<Feature> features, Set<MaskedSql.Clause> clauses, SelectParts select,
                             List<Subquery> subqueries, List<Integer> unionAllParts, TextSpan writeCondition) {
    /** The nested query of a scope (greater than 0). */
    public Subquery subquery(int scope) {
        for (Subquery q : subqueries) if (q.scope() == scope) return q;
        throw new IllegalArgumentException("no scope " + scope);
    }

    /** Query features that need more than concatenation when several shards answer. */
    public enum Feature {
        ORDER_BY("ORDER BY"), LIMIT("LIMIT/OFFSET"), AGGREGATE("aggregate functions"), GROUP_BY("GROUP BY"),
        HAVING("HAVING"), DISTINCT("DISTINCT"), WINDOW("window functions"), SET_OPERATION("UNION/INTERSECT/EXCEPT");

        private final String label;

        Feature(String label) { this.label = label; }

        /** How the feature reads in SQL and in error messages. */
        public String label() { return label; }
    }
}
