/**
 * Ids unique across shards for the columns the config names ({@code generated-id:}): the INSERTs
 * that leave such a column out are rewritten to carry it, and the values come from a sequence
 * reserved in blocks on the default shard or from a time-ordered 64-bit generator.
 */
package io.shardjdbc.ids;
