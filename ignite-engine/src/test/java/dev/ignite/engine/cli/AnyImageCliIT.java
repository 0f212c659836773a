package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.oci.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `ignite run IMAGE KERNEL -- CMD` on a plain container image: no init and no SSH server in it. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnyImageCliIT {
    @TempDir
    Path tmp;

    @Test
    void runAnswersACommandFromAnImageWithOnlyBusybox() throws Exception {
        Ignite.open().defaults().ensureKernel(message -> { });
        Path archive = TestImages.busyboxOnly(tmp, "test/plain-cli:1", List.of("/bin/busybox", "sleep", "100000"));
        CliRun.ok("build", "oci-archive:" + archive, "--name", "test/plain-cli");

        CliRun run = CliRun.ok("run", "--rm", "test/plain-cli", Ignite.DEFAULT_KERNEL, "--", "cat", "/etc/os-release");

        assertThat(run.out()).isEqualTo("NAME=\"only busybox\"\nID=plain\n");
        CliRun.ok("rmi", "test/plain-cli");
    }
}
