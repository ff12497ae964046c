package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link GeoContract} on MariaDB. */
class MariaDbGeoIT extends GeoContract {
    MariaDbGeoIT() {
        super(TestServers.Kind.MYSQL);
    }
}
