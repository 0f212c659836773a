package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.VmProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole backend with a stand-in {@code firecracker} executable (a JVM serving the validating fake
 * API): launch through ProcessLauncher, wait for the socket, boot steps, console on stdout, stop.
 */
class FirecrackerVmmTest {
    @TempDir
    Path dir;

    @Test
    void startsConfiguresAndStopsAFirecrackerProcess() throws Exception {
        Path fake = executable("firecracker", "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' " + FakeFirecrackerMain.class.getName()
                + " \"$@\"\n");
        LaunchPlan plan = FirecrackerTestPlans.valid(dir);

        VmProcess vm = new FirecrackerVmm(fake, Duration.ofSeconds(60)).start(plan);
        assertThat(vm.isAlive()).isTrue();
        vm.terminate(Duration.ofSeconds(30));

        assertThat(vm.isAlive()).isFalse();
        assertThat(Files.readAllLines(dir.resolve("fake-requests.log"))).containsExactly(
                "GET /",
                "PUT /logger",
                "PUT /machine-config",
                "PUT /boot-source",
                "PUT /drives/root",
                "PUT /drives/config",
                "PUT /network-interfaces/eth0",
                "PUT /vsock",
                "PUT /actions",
                "PUT /actions");
        assertThat(Files.readString(plan.serialLog())).contains(FakeFirecrackerMain.CONSOLE_LINE);
        assertThat(Files.exists(FirecrackerVmm.firecrackerLog(plan))).isTrue();
    }

    @Test
    void aFirecrackerThatDiesAtOnceIsReportedWithWhatItSaid() throws Exception {
        Path fake = executable("firecracker", "#!/bin/sh\necho 'Invalid argument: --api-sock' >&2\nexit 3\n");
        LaunchPlan plan = FirecrackerTestPlans.valid(dir);

        assertThatThrownBy(() -> new FirecrackerVmm(fake).start(plan))
                .isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("Firecracker exited before its API socket " + FirecrackerVmm.apiSocket(plan))
                .hasMessageEndingWith("Firecracker exited with code 3: Invalid argument: --api-sock");
    }

    @Test
    void aPlanFirecrackerCannotRunStartsNoProcess() throws Exception {
        Path marker = dir.resolve("started");
        Path fake = executable("firecracker", "#!/bin/sh\ntouch '" + marker + "'\n");
        LaunchPlan plan = FirecrackerTestPlans.valid(dir).toBuilder().setSharedNics(List.of()).build();

        assertThatThrownBy(() -> new FirecrackerVmm(fake).start(plan)).hasMessageContaining("needs a TAP device");
        assertThat(marker).doesNotExist();
    }

    private Path executable(String name, String script) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path file = Files.writeString(bin.resolve(name), script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
