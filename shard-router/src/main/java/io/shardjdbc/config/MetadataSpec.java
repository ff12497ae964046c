package io.shardjdbc.config;

import java.time.Duration;

/**
 * The {@code metadata:} section: where the metadata store lives (a JDBC URL or the directory
 * service's {@code http://} URL with its token), how often drivers look for a new topology version,
 * and the driver-side cache of directory entries.
 *
 * @param url                  JDBC URL of the store's database, or {@code http(s)://host:port} of the directory service
 * @param token                bearer token for the directory service, or null
 * @param refreshInterval      how often the topology version is polled ({@code refresh-interval}, default 1s); zero:
 *                             never in the background (a driver then learns of a new version only when a move's
 *                             fence refuses one of its writes)
 * @param publishInitial       when the store holds no placement yet, publish this config's initial placement
 *                             ({@code publish-initial}, default true)
 * @param directoryCacheSize   most directory entries cached per driver ({@code directory-cache.size}, default 100,000)
 * @param directoryCacheTtl    how long a key's shard is trusted before it is looked up again ({@code directory-cache.ttl}, default 5m)
 * @param directoryNegativeTtl how long "no such key" is trusted ({@code directory-cache.negative-ttl}, default 1s)
 */
public record MetadataSpec(String url, String token, Duration refreshInterval, boolean publishInitial,
                           long directoryCacheSize, Duration directoryCacheTtl, Duration directoryNegativeTtl) {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);
    public static final long DEFAULT_CACHE_SIZE = 100_000;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(1);

    /** A store at {@code url} with the default refresh interval and directory cache. */
    public MetadataSpec(String url, String token) {
        this(url, token, DEFAULT_REFRESH, true, DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL, DEFAULT_NEGATIVE_TTL);
    }

    @Override
    public String toString() { return "MetadataSpec[" + url + "]"; } // never print the token
}
