package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link HealingContract} on MySQL/MariaDB. */
class MariaDbHealingIT extends HealingContract {
    MariaDbHealingIT() {
        super(TestServers.Kind.MYSQL);
    }
}
