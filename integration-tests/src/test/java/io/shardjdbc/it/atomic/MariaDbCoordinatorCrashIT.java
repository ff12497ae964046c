package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link CoordinatorCrashContract} on MySQL/MariaDB. */
class MariaDbCoordinatorCrashIT extends CoordinatorCrashContract {
    MariaDbCoordinatorCrashIT() {
        super(TestServers.Kind.MYSQL);
    }
}
