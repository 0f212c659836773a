package dev.ignite.engine.vmm;

import dev.ignite.engine.net.MacAddress;
import dev.ignite.engine.net.SharedNic;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a backend needs to start one VM, resolved to host files and ports: what the VM is
 * ({@code VmSpec}) has already been turned into what to run.
 *
 * @param forwards   guest ports reachable on the host through the first NIC's user-mode networking
 * @param sharedNics further NICs on shared networks (a vde switch port, a TAP on the bridge)
 * @param memoryFile guest RAM in a file (snapshot templates and clones), or null for anonymous memory
 * @param hostPorts  ports of the host's 127.0.0.1 the guest may reach at {@code host.ignite.internal};
 *                   it reaches no other host service
 */
public record LaunchPlan(
        String vmId,
        Path runDir,
        Path kernelImage,
        Path initramfs,
        String kernelCommandLine,
        Path rootDisk,
        Path configDisk,
        List<ExtraDisk> extraDisks,
        int cpus,
        int memoryMib,
        List<HostForward> forwards,
        Ownership ownership,
        List<SharedNic> sharedNics,
        MemoryFile memoryFile,
        List<Integer> hostPorts) {

    public LaunchPlan {
        forwards = List.copyOf(forwards);
        hostPorts = List.copyOf(hostPorts);
        extraDisks = List.copyOf(extraDisks);
        sharedNics = List.copyOf(sharedNics);
    }

    /** A plan for the VM {@code vmId} whose run files (sockets, logs) live in {@code runDir}. */
    public static Builder builder(String vmId, Path runDir) {
        return new Builder(vmId, runDir);
    }

    public Builder toBuilder() {
        return new Builder(vmId, runDir).setKernel(kernelImage, initramfs, kernelCommandLine)
                .setDisks(rootDisk, configDisk, extraDisks).setMachine(cpus, memoryMib).setForwards(forwards)
                .setOwnership(ownership).setSharedNics(sharedNics).setMemoryFile(memoryFile).setHostPorts(hostPorts);
    }

    /** The TAP device of a NIC on the bridge network, if the VM has one (Firecracker's only kind of network). */
    public Optional<SharedNic.Tap> tap() {
        return sharedNics.stream().filter(SharedNic.Tap.class::isInstance).map(SharedNic.Tap.class::cast).findFirst();
    }

    /** The first NIC's MAC, stable across restarts of the same VM: the config drive names that NIC by it. */
    public String guestMac() {
        return MacAddress.of(memoryFile != null && memoryFile.restores() ? memoryFile.templateVmId() : vmId, 0);
    }

    /** A guest port ({@code tcp} or {@code udp}) reachable on a host address and port through user-mode networking. */
    public record HostForward(String hostAddress, int hostPort, int guestPort, String protocol) {
        public HostForward(String hostAddress, int hostPort, int guestPort) {
            this(hostAddress, hostPort, guestPort, "tcp");
        }
    }

    /** {@code qcow2} for a copy-on-write overlay on the image, {@code raw} for a disk of its own. */
    public String rootDiskFormat() {
        return rootDisk.getFileName().toString().endsWith(".qcow2") ? "qcow2" : "raw";
    }

    /** The VM's folder, where its run files (console, sockets, logs) go. */
    public VmFolder folder() {
        return new VmFolder(runDir);
    }

    public Path serialLog() {
        return folder().serialLog();
    }

    public Path consoleSocket() {
        return folder().consoleSocket();
    }

    public Path controlSocket() {
        return folder().controlSocket();
    }

    public Path backendLog() {
        return folder().backendLog();
    }

    public static final class Builder {
        private final String vmId;
        private final Path runDir;
        private Path kernelImage;
        private Path initramfs;
        private String kernelCommandLine = "";
        private Path rootDisk;
        private Path configDisk;
        private List<ExtraDisk> extraDisks = List.of();
        private int cpus;
        private int memoryMib;
        private List<HostForward> forwards = List.of();
        private Ownership ownership = Ownership.THIS_PROCESS;
        private List<SharedNic> sharedNics = List.of();
        private MemoryFile memoryFile;
        private List<Integer> hostPorts = List.of();

        private Builder(String vmId, Path runDir) {
            this.vmId = vmId;
            this.runDir = runDir;
        }

        public Builder setKernel(Path kernelImage, Path initramfs, String kernelCommandLine) {
            this.kernelImage = kernelImage;
            this.initramfs = initramfs;
            this.kernelCommandLine = kernelCommandLine;
            return this;
        }

        /** The root disk (qcow2 overlay or raw), the config drive and any volumes after them. */
        public Builder setDisks(Path rootDisk, Path configDisk, List<ExtraDisk> extraDisks) {
            this.rootDisk = rootDisk;
            this.configDisk = configDisk;
            this.extraDisks = extraDisks;
            return this;
        }

        public Builder setRootDisk(Path rootDisk) {
            this.rootDisk = rootDisk;
            return this;
        }

        public Builder setMachine(int cpus, int memoryMib) {
            this.cpus = cpus;
            this.memoryMib = memoryMib;
            return this;
        }

        public Builder setForwards(List<HostForward> forwards) {
            this.forwards = forwards;
            return this;
        }

        public Builder setOwnership(Ownership ownership) {
            this.ownership = ownership;
            return this;
        }

        public Builder setSharedNics(List<SharedNic> sharedNics) {
            this.sharedNics = sharedNics;
            return this;
        }

        /** Guest RAM in a file (snapshot templates and clones); null (the default) for anonymous memory. */
        public Builder setMemoryFile(MemoryFile memoryFile) {
            this.memoryFile = memoryFile;
            return this;
        }

        /** Host ports on 127.0.0.1 the guest may reach at {@code host.ignite.internal}; none by default. */
        public Builder setHostPorts(List<Integer> hostPorts) {
            this.hostPorts = hostPorts;
            return this;
        }

        public LaunchPlan build() {
            if (cpus < 1 || memoryMib < 1) {
                throw new IllegalStateException("a launch plan needs setMachine(cpus, memoryMib)");
            }
            return new LaunchPlan(vmId, runDir, Objects.requireNonNull(kernelImage, "kernel image"), initramfs,
                    kernelCommandLine, Objects.requireNonNull(rootDisk, "root disk"), configDisk, extraDisks, cpus,
                    memoryMib, forwards, ownership, sharedNics, memoryFile, hostPorts);
        }
    }
}
