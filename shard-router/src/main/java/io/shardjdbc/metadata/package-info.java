/**
 * The metadata store as the driver sees it: the interface a store implements ({@link
 * io.shardjdbc.metadata.MetadataStore}), the placement it keeps ({@link
 * io.shardjdbc.metadata.PlacementState}: which shards exist, where each unit of placement lives), and the factory the
 * driver finds with {@link java.util.ServiceLoader}. The topology and the directory cache depend on
 * it; it depends on neither.
 */
package io.shardjdbc.metadata;
