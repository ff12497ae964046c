package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The fixture of the atomic-commit contracts: fresh {@link AtomicShards} of one server kind per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AtomicContract {
    protected final TestServers.Kind kind;
    protected AtomicShards shards;

    AtomicContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    /** A short name of the concern, part of the database prefix so the test classes stay independent. */
    abstract String concern();

    @BeforeAll
    void createShards() throws Exception {
        shards = new AtomicShards(kind, concern());
    }

    @AfterAll
    void closeShards() throws Exception {
        shards.close();
    }
}
