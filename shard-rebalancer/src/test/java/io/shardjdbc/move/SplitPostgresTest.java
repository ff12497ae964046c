package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RebalanceScenario#splitWhileWritingKeepsEveryAcknowledgedWrite} on PostgreSQL shards and store. */
class SplitPostgresTest {
    @Test
    void splitWhileWritingKeepsEveryAcknowledgedWriteAndReverses(@TempDir Path dir) throws Exception {
        RebalanceScenario.splitWhileWritingKeepsEveryAcknowledgedWrite(Dialect.POSTGRESQL, dir);
    }
}
