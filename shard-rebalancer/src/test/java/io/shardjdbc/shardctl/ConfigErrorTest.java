package io.shardjdbc.shardctl;

import static io.shardjdbc.shardctl.Ctl.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config shardctl cannot read is reported by file, line and reason, never by echoing its secrets. */
class ConfigErrorTest {
    @Test
    void malformedYamlNeverPrintsThePassword(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, """
                shards:
                  s0:
                    url: jdbc:postgresql://127.0.0.1:5432/app
                    password: "Hunter2-Secret
                """);
        for (String command : new String[] {"status", "verify", "explain"}) {
            Ctl.Run r = command.equals("explain") ? run("--config", config.toString(), command, "SELECT 1")
                    : run("--config", config.toString(), command);
            assertThat(r.code()).isEqualTo(ShardCtl.ERROR);
            assertThat(r.err()).contains("shards.yaml: not valid YAML").contains("line 4");
            assertThat(r.out() + r.err()).doesNotContain("Hunter2");
        }
    }
}
