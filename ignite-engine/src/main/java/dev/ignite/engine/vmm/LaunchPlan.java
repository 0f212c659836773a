package dev.ignite.engine.vmm;

import dev.ignite.engine.net.SharedNic;

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
        List<SharedNic> sharedNics) {

    public LaunchPlan {
        forwards = List.copyOf(forwards);
        sharedNics = List.copyOf(sharedNics);
    }

    /** A VM on user networking only. */
    public LaunchPlan(String vmId, Path runDir, Path kernelImage, Path initramfs, String kernelCommandLine,
                      Path rootDisk, Path configDisk, int cpus, int memoryMib, List<HostForward> forwards) {
        this(vmId, runDir, kernelImage, initramfs, kernelCommandLine, rootDisk, configDisk, cpus, memoryMib, forwards,
                List.of());
    }

    /** A guest TCP port reachable on a host address and port through user-mode networking. */
    public record HostForward(String hostAddress, int hostPort, int guestPort) {
    }

    public Path serialLog() {
        return runDir.resolve("serial.log");
    }

    public Path controlSocket() {
        return runDir.resolve("control.sock");
    }

    /** The backend's own diagnostics (QEMU's stderr). */
    public Path backendLog() {
        return runDir.resolve("vmm.log");
    }
}
