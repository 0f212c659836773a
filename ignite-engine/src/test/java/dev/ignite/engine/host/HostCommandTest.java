package dev.ignite.engine.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCommandThatRunsTooLongIsEndedWithItsChildrenAndMayCleanUp() throws Exception {
        Path childPid = dir.resolve("child.pid");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        String script = "trap 'rm -rf " + scratch + "' EXIT; sleep 300 & echo $! >" + childPid + "; wait";

        assertThatThrownBy(() -> HostCommand.run(List.of("bash", "-c", script), dir, Duration.ofSeconds(1)))
                .hasMessage("bash did not finish within 1 s and was ended with the processes it started");

        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(childPid).strip())).orElse(null);
        assertThat(child == null || !child.isAlive()).as("the background child is gone too").isTrue();
        assertThat(scratch).as("SIGTERM first, so the script's EXIT trap ran").doesNotExist();
    }
}
