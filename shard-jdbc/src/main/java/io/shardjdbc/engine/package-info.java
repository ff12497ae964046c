/**
 * The execution engine: a plan runs as a tree of primitives, one file each. {@link PlanCompiler}
 * builds the tree from a {@code RoutePlan} (planning decided everything; primitives only run):
 * {@link Route} runs units on their shards, {@link Concat} concatenates their rows,
 * {@link MergeSort} merges them in order, {@link Aggregate} folds them into groups, {@link SeekPage}
 * fetches a deep page in two rounds, {@link Federated} hands the statement to the federation engine.
 * Each primitive has {@code open(execution)}, which gives its rows or update count, and
 * {@code describe()}, which is what {@code explain} prints. What a primitive needs from the JDBC
 * statement that runs it (its physical statements, settings and connections) is an {@link Execution}.
 */
package io.shardjdbc.engine;
