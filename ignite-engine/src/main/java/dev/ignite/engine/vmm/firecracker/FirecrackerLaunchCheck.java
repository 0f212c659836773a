package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.LaunchPlan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What Firecracker cannot do that QEMU can, checked before a process is started so the user reads
 * the reason and the fix instead of a {@code fault_message} halfway through boot.
 */
final class FirecrackerLaunchCheck {
    /** The kernel's limit for a unix socket path, less the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final byte[] QCOW_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

    private FirecrackerLaunchCheck() {
    }

    /** Throws one exception naming every problem with the plan, or returns when Firecracker can run it. */
    static void require(LaunchPlan plan, Path apiSocket) {
        List<String> problems = problems(plan, apiSocket);
        if (!problems.isEmpty()) {
            throw new IgniteException("the Firecracker backend cannot start VM " + plan.vmId() + ":\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    static List<String> problems(LaunchPlan plan, Path apiSocket) {
        List<String> problems = new ArrayList<>();
        if (!startsWith(plan.kernelImage(), ELF_MAGIC)) {
            problems.add("it boots an uncompressed ELF vmlinux only, but " + plan.kernelImage()
                    + " is not one (a bzImage/vmlinuz?): use a kernel whose image is the vmlinux");
        }
        if (isQcow2(plan.rootDisk())) {
            problems.add("it needs a raw root disk, but " + plan.rootDisk()
                    + " is qcow2: give the VM a raw copy of the image (e.g. `qemu-img convert -O raw`)");
        }
        if (isQcow2(plan.configDisk())) {
            problems.add("it needs a raw config disk, but " + plan.configDisk() + " is qcow2");
        }
        if (plan.tap().isEmpty()) {
            problems.add("it has no user-mode networking and needs a TAP device (a `bridge` network), "
                    + "but the launch plan has none");
        } else if (!plan.forwards().isEmpty()) {
            problems.add("it cannot forward host ports (that is QEMU's user-mode networking), but the plan asks for "
                    + plan.forwards() + ": reach the guest at its address on the bridge instead");
        }
        if (!plan.hostPorts().isEmpty()) {
            problems.add("it cannot expose host ports to the guest (that is QEMU's user-mode networking), but the"
                    + " plan asks for " + plan.hostPorts() + ": use the QEMU backend");
        }
        if (apiSocket.toString().length() > MAX_SOCKET_PATH) {
            problems.add("its API socket path " + apiSocket + " is longer than the " + MAX_SOCKET_PATH
                    + " characters unix sockets allow: set IGNITE_HOME to a shorter folder");
        }
        return problems;
    }

    private static boolean isQcow2(Path disk) {
        return disk.getFileName().toString().endsWith(".qcow2") || startsWith(disk, QCOW_MAGIC);
    }

    private static boolean startsWith(Path file, byte[] magic) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            return false;
        }
    }
}
