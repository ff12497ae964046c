package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RebalanceScenario} on PostgreSQL shards and store: change capture by logical decoding. */
class RebalancePostgresTest {
    @Test
    void rebalanceWhileWritingKeepsEveryAcknowledgedWrite(@TempDir Path dir) throws Exception {
        RebalanceScenario.rebalanceWhileWritingKeepsEveryAcknowledgedWrite(Dialect.POSTGRESQL, dir);
    }
}
