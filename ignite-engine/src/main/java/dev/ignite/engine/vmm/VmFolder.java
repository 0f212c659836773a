package dev.ignite.engine.vmm;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place that names the files of a VM's folder ({@code vms/<id>/}): its disks and config
 * drive, which the engine makes, and the run files (console, sockets, logs) its VMM writes.
 */
public record VmFolder(Path path) {
    /** The root disk as a copy-on-write overlay on the image (or on a snapshot's frozen disk). */
    public Path overlay() {
        return path.resolve("overlay.qcow2");
    }

    /** The root disk as a grown copy of its own, when the spec asked for a larger disk. */
    public Path ownDisk() {
        return path.resolve("disk.raw");
    }

    /** The root disk in use: its own grown copy if it has one, else the overlay. */
    public Path rootDisk() {
        return Files.exists(ownDisk()) ? ownDisk() : overlay();
    }

    /** The config drive our initramfs reads: hostname, SSH key, network, env, files, volumes. */
    public Path configDrive() {
        return path.resolve("config.ext4");
    }

    /** Everything the guest prints on its serial console, whether or not anyone is attached. */
    public Path serialLog() {
        return path.resolve("serial.log");
    }

    /** The serial console, interactive: one client at a time (ignite attach, Console). */
    public Path consoleSocket() {
        return path.resolve("console.sock");
    }

    /**
     * The guest agent's channel (docs/agent.md): a unix socket the VMM serves, joined to the guest's
     * virtio-serial port {@code dev.ignite.agent}. Private like the folder it is in.
     */
    public Path agentSocket() {
        return path.resolve("agent.sock");
    }

    /** The VMM's control socket (QMP, Firecracker's API). */
    public Path controlSocket() {
        return path.resolve("control.sock");
    }

    /** Firecracker's API socket (its control socket). */
    public Path firecrackerSocket() {
        return path.resolve("firecracker.sock");
    }

    /** Firecracker's own log, apart from its stderr (the backend log) and stdout (the guest serial). */
    public Path firecrackerLog() {
        return path.resolve("firecracker.log");
    }

    /** The backend's own diagnostics (QEMU's stderr). */
    public Path backendLog() {
        return path.resolve("vmm.log");
    }
}
