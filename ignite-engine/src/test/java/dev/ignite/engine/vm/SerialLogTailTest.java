package dev.ignite.engine.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SerialLogTailTest {
    @TempDir
    Path dir;

    @Test
    void theLastLinesOfALogEndingInANewline() throws IOException {
        SerialLog log = logOf("boot\r\nlogin: root\r\n# echo hi\r\nhi\r\n");
        assertThat(copyFrom(log, log.startOfLastLines(2))).isEqualTo("# echo hi\r\nhi\r\n");
        assertThat(copyFrom(log, log.startOfLastLines(0))).isEmpty();
        assertThat(copyFrom(log, log.startOfLastLines(9))).as("fewer lines than asked: all of them")
                .isEqualTo("boot\r\nlogin: root\r\n# echo hi\r\nhi\r\n");
    }

    @Test
    void aPromptWithoutNewlineIsTheLastLine() throws IOException {
        SerialLog log = logOf("boot\nlogin: ");
        assertThat(copyFrom(log, log.startOfLastLines(1))).isEqualTo("login: ");
        assertThat(copyFrom(log, log.startOfLastLines(2))).isEqualTo("boot\nlogin: ");
    }

    @Test
    void noLogYetIsEmpty() {
        SerialLog log = new SerialLog(dir.resolve("serial.log"), () -> false);
        assertThat(log.startOfLastLines(5)).isZero();
        assertThat(copyFrom(log, 0)).isEmpty();
    }

    private SerialLog logOf(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("serial.log"), text, StandardCharsets.UTF_8);
        return new SerialLog(file, () -> false);
    }

    private static String copyFrom(SerialLog log, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.copy(offset, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
