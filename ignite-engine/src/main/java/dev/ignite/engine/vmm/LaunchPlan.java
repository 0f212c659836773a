package dev.ignite.engine.vmm;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a backend needs to start one VM, resolved to host files and ports: what the VM is
 * ({@code VmSpec}) has already been turned into what to run.
 */
public record LaunchPlan(
        String vmId,
        Path runDir,
        Path kernelImage,
        Path initramfs,
        String kernelCommandLine,
        Path rootDisk,
        Path configDisk,
        int cpus,
        int memoryMib,
        List<HostForward> forwards,
        ProcessLauncher.Lifetime lifetime) {

    public LaunchPlan {
        forwards = List.copyOf(forwards);
    }

    /** A guest TCP port reachable on a host address and port through user-mode networking. */
    public record HostForward(String hostAddress, int hostPort, int guestPort) {
    }

    /** {@code qcow2} for a copy-on-write overlay on the image, {@code raw} for a disk of its own. */
    public String rootDiskFormat() {
        return rootDisk.getFileName().toString().endsWith(".qcow2") ? "qcow2" : "raw";
    }

    public Path serialLog() {
        return runDir.resolve("serial.log");
    }

    public Path controlSocket() {
        return controlSocket(runDir);
    }

    public static Path controlSocket(Path runDir) {
        return runDir.resolve("control.sock");
    }

    /** The backend's own diagnostics (QEMU's stderr). */
    public Path backendLog() {
        return backendLog(runDir);
    }

    public static Path backendLog(Path runDir) {
        return runDir.resolve("vmm.log");
    }
}
