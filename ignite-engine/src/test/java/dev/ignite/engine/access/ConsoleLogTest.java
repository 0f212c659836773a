package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console waits against a log file written by the test instead of QEMU. */
class ConsoleLogTest {
    @TempDir
    Path tmp;

    private void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void expectReturnsTheCleanedLineAndMovesPastIt() throws Exception {
        Path log = tmp.resolve("serial.log");
        append(log, "boot\r\nroot@vm:~# \u001b[6necho hi\r\nhi\r\nroot@vm:~# \u001b[6n");
        Console console = new Console("vm", tmp.resolve("console.sock"), log, () -> true);

        assertThat(console.expect("echo hi", Duration.ofSeconds(1))).isEqualTo("root@vm:~# echo hi");
        assertThat(console.expect(Pattern.compile("^hi$"), Duration.ofSeconds(1))).isEqualTo("hi");
        // A prompt without a newline counts; the cursor then sits at the end of the log.
        assertThat(console.expect("~# ", Duration.ofSeconds(1))).isEqualTo("root@vm:~# ");
        assertThat(console.position()).isEqualTo(Files.size(log));
    }

    @Test
    void expectWaitsForOutputAfterTheCursor() throws Exception {
        Path log = tmp.resolve("serial.log");
        append(log, "login: \n");
        Console console = new Console("vm", tmp.resolve("console.sock"), log, () -> true).skipToEnd();
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(200);
                append(log, "log");
                Thread.sleep(100);
                append(log, "in: again\n");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        assertThat(console.expect("login: again", Duration.ofSeconds(5))).isEqualTo("login: again");
        writer.join();
    }

    @Test
    void timeoutQuotesTheConsoleTail() throws Exception {
        Path log = tmp.resolve("serial.log");
        append(log, "Kernel panic - not syncing: oops\n");
        Console console = new Console("vm1", tmp.resolve("console.sock"), log, () -> true);
        assertThatThrownBy(() -> console.expect("login:", Duration.ofMillis(200)))
                .isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("VM vm1's console printed no line matching /\\Qlogin:\\E/ within 0.2 s\n")
                .hasMessageEndingWith("--- console (last lines) ---\nKernel panic - not syncing: oops");
    }

    @Test
    void stoppedVmEndsTheWaitAtOnce() throws Exception {
        Path log = tmp.resolve("serial.log");
        append(log, "reboot: Power down\n");
        Console console = new Console("vm1", tmp.resolve("console.sock"), log, () -> false);
        assertThatThrownBy(() -> console.expect("login:", Duration.ofMinutes(1)))
                .hasMessageStartingWith("VM vm1 stopped before its console printed a line matching");
    }
}
