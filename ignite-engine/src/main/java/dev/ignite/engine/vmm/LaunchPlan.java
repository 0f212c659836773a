package dev.ignite.engine.vmm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a backend needs to start one VM, resolved to host files and ports: what the VM is
 * ({@code VmSpec}) has already been turned into what to run.
 *
 * @param tapDevice the host TAP interface for the guest's network card, or {@code null} for QEMU's
 *                  user-mode networking (then {@code forwards} carry the reachable ports)
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
        ProcessLauncher.Lifetime lifetime,
        String tapDevice) {

    public LaunchPlan {
        forwards = List.copyOf(forwards);
    }

    public LaunchPlan withTapDevice(String tap) {
        return new LaunchPlan(vmId, runDir, kernelImage, initramfs, kernelCommandLine, rootDisk, configDisk, cpus,
                memoryMib, forwards, lifetime, tap);
    }

    public Optional<String> tap() {
        return Optional.ofNullable(tapDevice);
    }

    /** A locally administered MAC derived from the VM ID, stable across restarts of the same VM. */
    public String guestMac() {
        String hex = (vmId + "000000000000").substring(0, 8);
        return String.format("52:54:%s:%s:%s:%s", hex.substring(0, 2), hex.substring(2, 4), hex.substring(4, 6),
                hex.substring(6, 8));
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
