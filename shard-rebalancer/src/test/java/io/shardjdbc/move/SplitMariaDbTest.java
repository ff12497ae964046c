package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RebalanceScenario#splitWhileWritingKeepsEveryAcknowledgedWrite} on MariaDB shards and store: change capture from the binary log. */
class SplitMariaDbTest {
    @Test
    void splitWhileWritingKeepsEveryAcknowledgedWriteAndReverses(@TempDir Path dir) throws Exception {
        RebalanceScenario.splitWhileWritingKeepsEveryAcknowledgedWrite(Dialect.MYSQL, dir);
    }
}
