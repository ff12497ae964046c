package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link AtomicCommitContract} on MySQL/MariaDB (XA). */
class MariaDbAtomicCommitIT extends AtomicCommitContract {
    MariaDbAtomicCommitIT() {
        super(TestServers.Kind.MYSQL);
    }
}
