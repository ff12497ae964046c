package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RebalanceScenario} on MariaDB shards and store: change capture from the binary log. */
class RebalanceMariaDbTest {
    @Test
    void rebalanceWhileWritingKeepsEveryAcknowledgedWrite(@TempDir Path dir) throws Exception {
        RebalanceScenario.rebalanceWhileWritingKeepsEveryAcknowledgedWrite(Dialect.MYSQL, dir);
    }
}
