package io.shardjdbc.mergeplan;

/**
 * One input of an aggregating merge: a physical result column and how it folds.
 *
 * @param column 1-based column of the shard result
 * @param fold   how the column's values combine within a group
 */
public record Slot(int column, Fold fold) { }
