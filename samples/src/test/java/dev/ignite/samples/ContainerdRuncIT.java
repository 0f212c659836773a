package dev.ignite.samples;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's containerd and runc inside {@code ignite/debian}: an OCI image packed on the host by the
 * engine's own packer (a static busybox) is copied in, imported with {@code ctr} and run with runc;
 * its output is checked. The VM's env sets ctr's namespace, as {@code docker run -e} would. The
 * native snapshotter needs no overlay module.
 */
@IgniteTest
@EnabledIf(value = "dev.ignite.samples.SystemdServiceIT#debianImageAvailable",
        disabledReason = "ignite/debian is not in the store and mmdebstrap, which builds it, is not installed")
class ContainerdRuncIT {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    @MicroVM(name = "containers", image = Ignite.DEBIAN_IMAGE, memoryMib = 768, diskSizeMib = 2048,
            env = "CONTAINERD_NAMESPACE=samples", waitForUnits = "multi-user.target", startupTimeoutSeconds = 180)
    static Vm vm;

    @TempDir
    static Path work;

    @Test
    void runsAContainerFromAnOciArchiveWithRunc() throws IOException {
        Path tree = Files.createDirectories(work.resolve("rootfs/bin"));
        Files.copy(BUSYBOX, tree.resolve("busybox"));
        Path archive = work.resolve("busybox.tar");
        ImagePacker.pack(tree.getParent(), "samples/busybox:1", List.of("/bin/busybox", "sh"), Map.of(), archive);

        GuestSetup.installDebianPackages(vm, work, "containerd", "runc");
        VmWaits.unitActive(vm, "containerd.service", Duration.ofMinutes(2));
        vm.copyTo(archive, "/root/busybox.tar");

        vm.execOrFail("ctr image import --snapshotter native /root/busybox.tar", Duration.ofMinutes(3));
        assertThat(vm.execOrFail("ctr image ls -q").stdout()).contains("samples/busybox:1");
        // ctr names the image after the archive's tag, normalized (docker.io/… or as given): run what it listed.
        String output = vm.execOrFail("ctr run --rm --snapshotter native"
                + " \"$(ctr image ls -q | grep -m 1 samples/busybox:1)\" hello"
                + " /bin/busybox sh -c 'echo hello from pid $$ in runc'", Duration.ofMinutes(3)).stdout();

        assertThat(output.strip()).as("the container's shell is PID 1 of its namespace")
                .isEqualTo("hello from pid 1 in runc");
        assertThat(vm.execOrFail("ctr namespaces ls -q").stdout()).contains("samples");
        assertThat(vm.execOrFail("ctr containers ls -q").stdout()).as("--rm removed it").isBlank();
    }
}
