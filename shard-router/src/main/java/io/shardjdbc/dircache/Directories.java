package io.shardjdbc.dircache;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.metadata.MetadataStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories of one driver runtime over one metadata store, created on first use and kept across
 * topology snapshots so their caches stay warm. Thread-safe.
 */
public final class Directories {
    private final MetadataStore store;
    private final MetadataSpec spec;
    private final Map<String, Directory> byName = new ConcurrentHashMap<>();

    /** Directories over {@code store}, cached as {@code spec}'s {@code directory-cache} settings say. */
    public Directories(MetadataStore store, MetadataSpec spec) {
        this.store = store;
        this.spec = spec;
    }

    /** The store the entries live in. */
    public MetadataStore store() { return store; }

    /** The directory of a co-location group (root table, lower case), with the group's placement policy. */
    public Directory get(String name, String policy) {
        return byName.computeIfAbsent(name, n -> new Directory(n, store, PlacementPolicy.named(policy),
                spec.directoryCacheSize(), spec.directoryCacheTtl(), spec.directoryNegativeTtl()));
    }

    /** Forgets every cached entry of every directory. */
    public void invalidateAll() {
        byName.values().forEach(Directory::invalidateAll);
    }
}
