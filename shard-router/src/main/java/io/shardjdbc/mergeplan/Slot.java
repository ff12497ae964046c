package io.shardjdbc.mergeplan;

/**
 * One input of an aggregating merge: a physical result column and how it folds.
 *
 * @param column 1-based column of the shard result
 * @param fold   how the column's values combine within a group
 * @param weight 1-based column holding the collation weight of {@code column}'s strings (MySQL), 0 for none
 */
public record Slot(int column, Fold fold, int weight) {
    public Slot(int column, Fold fold) {
        this(column, fold, 0);
    }
}
