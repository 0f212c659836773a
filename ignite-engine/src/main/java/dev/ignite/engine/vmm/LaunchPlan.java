package dev.ignite.engine.vmm;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a backend needs to start one VM, resolved to host files and ports: what the VM is
 * ({@code VmSpec}) has already been turned into what to run. A {@code detached} VM outlives the
 * process that starts it; otherwise it dies with it.
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
        boolean detached) {

    /** File names in a VM's run folder, also for processes that did not start the VM. */
    public static final String SERIAL_LOG = "serial.log";
    public static final String CONSOLE_SOCKET = "console.sock";
    public static final String CONTROL_SOCKET = "control.sock";
    public static final String BACKEND_LOG = "vmm.log";

    public LaunchPlan {
        forwards = List.copyOf(forwards);
    }

    /** A guest TCP port reachable on a host address and port through user-mode networking. */
    public record HostForward(String hostAddress, int hostPort, int guestPort) {
    }

    public Path serialLog() {
        return runDir.resolve(SERIAL_LOG);
    }

    /** The serial console for interactive use; everything on it is also logged to {@link #serialLog()}. */
    public Path consoleSocket() {
        return runDir.resolve(CONSOLE_SOCKET);
    }

    public Path controlSocket() {
        return runDir.resolve(CONTROL_SOCKET);
    }

    /** The backend's own diagnostics (QEMU's stderr). */
    public Path backendLog() {
        return runDir.resolve(BACKEND_LOG);
    }
}
