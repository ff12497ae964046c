package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link CommitOutcomeContract} on MySQL/MariaDB. */
class MariaDbCommitOutcomeIT extends CommitOutcomeContract {
    MariaDbCommitOutcomeIT() {
        super(TestServers.Kind.MYSQL);
    }
}
