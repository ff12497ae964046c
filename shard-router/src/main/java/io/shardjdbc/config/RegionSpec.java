package io.shardjdbc.config;

import java.util.List;

/**
 * One region of a geographic table, as written under {@code regions:}: the region-column values it
 * owns (e.g. country codes), the shards that hold its rows, and how many hash buckets spread its rows
 * over them.
 *
 * @param name      region name
 * @param countries the region-column values of the region, as written
 * @param shards    the shards of the region, at least one
 * @param buckets   virtual buckets of the region's bucket map (the table's {@code buckets}, default 1024)
 */
public record RegionSpec(String name, List<String> countries, List<String> shards, int buckets) {
    public RegionSpec {
        countries = List.copyOf(countries);
        shards = List.copyOf(shards);
    }
}
