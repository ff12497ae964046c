/**
 * The driver side of directory placement: each directory's key-to-shard entries as the metadata
 * store keeps them, cached per driver (positive and negative entries), looked up in batches, and
 * assigned to a shard on a key's first INSERT by a placement policy.
 */
package io.shardjdbc.dircache;
