/**
 * The state one logical connection keeps across statements: its session settings (replayed on every
 * physical connection it opens) and its transaction over the shards it touched, with savepoints and
 * the commit that reports exactly which shards committed.
 */
package io.shardjdbc.tx;
