package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.oci.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain container image (static busybox and an ENTRYPOINT; no init, no SSH server) boots with our
 * init as PID 1, runs its main process, answers execs and copies, reaps orphans and powers off.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnyImageIT {
    @TempDir
    Path tmp;

    @Test
    void anImageWithOnlyBusyboxAndACommandBootsAndAnswers() throws Exception {
        Ignite ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        Path archive = TestImages.busyboxOnly(tmp, "test/plain:1", List.of("/bin/busybox", "sh", "-c",
                "echo \"main as $$ with $PATH\" >/main.txt; exec sleep 100000"));
        ignite.images().importArchive(archive, "test/plain", 0);

        // A cold boot: this test reads the boot's own console lines (AnyImageCliIT and PlainImageIT run clones).
        try (Vm vm = ignite.launch(VmSpec.builder("test/plain", Ignite.DEFAULT_KERNEL)
                .setBootTimeout(Duration.ofSeconds(120)).build(), LaunchOptions.builder().setBoot(BootMode.COLD).build())) {
            assertThat(vm.serialLog().text()).contains("switch_root to our init as PID 1");
            assertThat(vm.execOrFail("cat /etc/os-release").stdout()).contains("ID=plain");
            assertThat(vm.execOrFail("tr '\\0' ' ' </proc/1/cmdline").stdout()).startsWith("/bin/ignite-agent --init");

            ExecResult main = awaitFile(vm, "/main.txt");
            assertThat(main.stdout()).startsWith("main as ").contains("/usr/bin");

            // An orphan (its parent exits at once) must not stay a zombie: PID 1 reaps it.
            vm.execOrFail("sh -c 'sleep 0.2 &' ; sleep 1");
            assertThat(vm.execOrFail("ps -o stat,args | grep -v grep | grep 'sleep 0.2' || true").stdout()).isEmpty();

            Path file = Files.writeString(tmp.resolve("in.txt"), "copied\n");
            vm.copyTo(file, "/data/in.txt");
            vm.copyFrom("/data", tmp.resolve("out"));
            assertThat(Files.readString(tmp.resolve("out/in.txt"))).isEqualTo("copied\n");

            vm.stop(Duration.ofSeconds(30));
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(vm.stateReason()).as("powered off by our init, not by force").isNull();
            assertThat(vm.serialLog().text()).contains("ignite-agent: powering off");
        }
    }

    private static ExecResult awaitFile(Vm vm, String path) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        ExecResult result = vm.exec("cat " + path);
        while (!result.succeeded() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            result = vm.exec("cat " + path);
        }
        return result;
    }
}
