package io.shardjdbc.mergeplan;

/** How the values of one result column from several shards (and several partial groups) combine. */
public enum Fold {
    /** A group key: rows with equal keys form one group. */
    KEY,
    /** Any value of the group (all are equal: the column is a function of the group keys). */
    ANY,
    /** Partial counts add up; no rows count 0. */
    COUNT,
    /** Partial sums add up; NULL when every part is NULL. */
    SUM,
    MIN,
    MAX,
    /** The number of distinct non-NULL values (shards return each value once per group). */
    COUNT_DISTINCT,
    /** The sum of distinct non-NULL values. */
    SUM_DISTINCT
}
