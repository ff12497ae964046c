package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link GeoContract} on PostgreSQL. */
class PostgresGeoIT extends GeoContract {
    PostgresGeoIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
