package dev.ignite.engine.access;

import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The host key's two private formats are what the real OpenSSH and dropbear programs read. */
class HostKeyTest {
    @TempDir
    Path tmp;

    @Test
    void theOpenSshFileIsReadByOpenSshsKeygenAndRoundTrips() throws Exception {
        Path keygen = HostTools.find("ssh-keygen").orElse(null);
        assumeTrue(keygen != null, "ssh-keygen (openssh-client) is not installed");
        HostKey key = HostKey.generate();
        key.writeTo(tmp);
        assertThat(PosixModes.of(tmp.resolve(HostKey.OPENSSH_FILE))).isEqualTo("rw-------");
        CommandResult publicHalf = HostCommand.run(List.of(keygen.toString(), "-y", "-f",
                tmp.resolve(HostKey.OPENSSH_FILE).toString()), null, Duration.ofSeconds(30));
        assertThat(publicHalf.stdout().strip()).isEqualTo(key.publicLine());
        assertThat(HostKey.publicLine(tmp)).isEqualTo(key.publicLine());
        assertThat(HostKey.load(tmp).publicLine()).isEqualTo(key.publicLine());
        assertThat(HostKey.generate().publicLine()).isNotEqualTo(key.publicLine());
    }

    @Test
    void dropbearServesTheDropbearFileAsTheSameKey() throws Exception {
        Path dropbear = HostTools.find("dropbear").orElse(null);
        Path keyscan = HostTools.find("ssh-keyscan").orElse(null);
        assumeTrue(dropbear != null && keyscan != null, "dropbear (dropbear-bin) or ssh-keyscan is not installed");
        HostKey key = HostKey.generate();
        key.writeTo(tmp);
        int port = FreePorts.pick("127.0.0.1");
        Process server = new ProcessBuilder(dropbear.toString(), "-F", "-E", "-s", "-r",
                tmp.resolve(HostKey.DROPBEAR_FILE).toString(), "-p", "127.0.0.1:" + port, "-P",
                tmp.resolve("dropbear.pid").toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("dropbear.log").toFile()).start();
        try {
            String scanned = "";
            for (int i = 0; i < 50 && scanned.isBlank(); i++) {
                Thread.sleep(100);
                scanned = HostCommand.run(List.of(keyscan.toString(), "-p", String.valueOf(port), "-t", "ed25519",
                        "127.0.0.1"), null, Duration.ofSeconds(10)).stdout();
            }
            assertThat(scanned.strip()).as(Files.readString(tmp.resolve("dropbear.log")))
                    .isEqualTo("[127.0.0.1]:" + port + " " + key.publicLine());
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    /** A file's permission string, e.g. {@code rw-------}. */
    private static final class PosixModes {
        static String of(Path file) throws java.io.IOException {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        }
    }
}
