package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Firecracker cannot run is refused up front, with the reason and what to do. */
class FirecrackerLaunchCheckTest {
    @TempDir
    Path dir;

    @Test
    void aPlanMadeForFirecrackerPasses() throws Exception {
        LaunchPlan plan = FirecrackerTestPlans.valid(dir);

        assertThat(FirecrackerLaunchCheck.problems(plan, FirecrackerVmm.apiSocket(plan))).isEmpty();
    }

    @Test
    void aQcow2RootDiskIsRefusedByNameOrByContent() throws Exception {
        LaunchPlan valid = FirecrackerTestPlans.valid(dir);
        Path byName = Files.write(dir.resolve("overlay.qcow2"), new byte[512]);
        Path byMagic = Files.write(dir.resolve("disguised.img"), new byte[]{'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3});

        assertThat(problems(withRootDisk(valid, byName))).singleElement().asString()
                .startsWith("it needs a raw root disk, but " + byName + " is qcow2");
        assertThat(problems(withRootDisk(valid, byMagic))).singleElement().asString()
                .startsWith("it needs a raw root disk, but " + byMagic + " is qcow2");
    }

    @Test
    void aCompressedKernelIsRefused() throws Exception {
        LaunchPlan valid = FirecrackerTestPlans.valid(dir);
        Path bzImage = Files.write(dir.resolve("vmlinuz"), new byte[]{'M', 'Z', 0, 0});
        LaunchPlan plan = valid.toBuilder().setKernel(bzImage, valid.initramfs(), valid.kernelCommandLine()).build();

        assertThat(problems(plan)).containsExactly("it boots an uncompressed ELF vmlinux only, but " + bzImage
                + " is not one (a bzImage/vmlinuz?): use a kernel whose image is the vmlinux");
    }

    @Test
    void userModeNetworkingIsRefused() throws Exception {
        LaunchPlan valid = FirecrackerTestPlans.valid(dir);
        LaunchPlan noTap = valid.toBuilder().setSharedNics(List.of()).build();
        LaunchPlan forwards = valid.toBuilder().setForwards(List.of(new HostForward("127.0.0.1", 2222, 22))).build();

        assertThat(problems(noTap)).containsExactly("it has no user-mode networking and needs a TAP device "
                + "(a `bridge` network), but the launch plan has none");
        assertThat(problems(forwards)).singleElement().asString()
                .startsWith("it cannot forward host ports (that is QEMU's user-mode networking)");
    }

    @Test
    void everyProblemIsNamedInOneException() throws Exception {
        LaunchPlan valid = FirecrackerTestPlans.valid(dir);
        Path overlay = Files.write(dir.resolve("overlay.qcow2"), new byte[512]);
        LaunchPlan plan = withRootDisk(valid, overlay).toBuilder().setSharedNics(List.of()).build();

        assertThatThrownBy(() -> FirecrackerLaunchCheck.require(plan, FirecrackerVmm.apiSocket(plan)))
                .isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("the Firecracker backend cannot start VM 0123456789abcdef:\n  - it needs a raw")
                .hasMessageContaining("\n  - it has no user-mode networking");
    }

    @Test
    void anOverlongSocketPathIsRefused() throws Exception {
        LaunchPlan plan = FirecrackerTestPlans.valid(dir);
        Path socket = dir.resolve("x".repeat(FirecrackerLaunchCheck.MAX_SOCKET_PATH));

        assertThat(FirecrackerLaunchCheck.problems(plan, socket)).singleElement().asString()
                .contains("set IGNITE_HOME to a shorter folder");
    }

    private static List<String> problems(LaunchPlan plan) {
        return FirecrackerLaunchCheck.problems(plan, FirecrackerVmm.apiSocket(plan));
    }

    private static LaunchPlan withRootDisk(LaunchPlan plan, Path root) {
        return plan.toBuilder().setRootDisk(root).build();
    }
}
