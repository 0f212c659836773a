package dev.ignite.engine.vm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.net.NetworkRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a VM is to be: immutable, validated on build, and kept apart from the running {@link Vm}.
 * Built with {@link #builder(String, String)}: {@code setX} replaces, {@code addX} appends.
 */
public record VmSpec(
        String image,
        String kernel,
        String name,
        List<String> aliases,
        int cpus,
        int memoryMib,
        long diskSizeMib,
        List<String> kernelArgs,
        List<PortMapping> ports,
        Map<String, String> env,
        Map<String, String> labels,
        List<FileCopy> copyFiles,
        List<Volume> volumes,
        Duration bootTimeout,
        String network,
        List<Integer> hostPorts,
        List<String> authorizedKeys,
        @JsonIgnore List<WaitStrategy> waitStrategies) {

    public static final int MIN_MEMORY_MIB = 128;
    /** What a VM gets unless its spec asks for more: enough for the default images under their own init. */
    public static final int DEFAULT_MEMORY_MIB = 256;

    /** A host name label (RFC 1123): what aliases must be, and what a VM's name becomes in the guest. */
    private static final String HOST_LABEL = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";

    public VmSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(kernel, "kernel");
        aliases = List.copyOf(aliases == null ? List.of() : aliases); // older records have none
        // Run once by the launch; not stored (a record read back has none).
        waitStrategies = List.copyOf(waitStrategies == null ? List.of() : waitStrategies);
        kernelArgs = List.copyOf(kernelArgs);
        ports = List.copyOf(ports);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        copyFiles = List.copyOf(copyFiles);
        volumes = List.copyOf(volumes == null ? List.of() : volumes); // older records have none
        hostPorts = List.copyOf(hostPorts == null ? List.of() : hostPorts); // older records have none
        for (int port : hostPorts) {
            if (port < 1 || port > 65535) {
                throw new IgniteException("host port " + port + " to expose to the guest is out of range (1-65535)");
            }
        }
        if (hostPorts.stream().distinct().count() < hostPorts.size()) {
            throw new IgniteException("host ports to expose " + hostPorts + " name a port twice: list each once");
        }
        authorizedKeys = List.copyOf(authorizedKeys == null ? List.of() : authorizedKeys);
        for (String key : authorizedKeys) {
            if (key.isBlank() || key.contains("\n")) {
                throw new IgniteException("authorized key '" + key + "' is not one public key line (type, base64, comment)");
            }
        }
        if (diskSizeMib < 0) {
            throw new IgniteException("disk size must be positive, got " + diskSizeMib + " MiB");
        }
        if (diskSizeMib > Integer.MAX_VALUE) { // in bytes it must still fit a long
            throw new IgniteException("disk size " + diskSizeMib + " MiB is too large: at most " + Integer.MAX_VALUE + " MiB");
        }
        network = NetworkRef.parse(network).toString(); // older records have none: user networking
        if (cpus < 1) {
            throw new IgniteException("a VM needs at least 1 CPU, got " + cpus);
        }
        if (memoryMib < MIN_MEMORY_MIB) {
            throw new IgniteException("a VM needs at least " + MIN_MEMORY_MIB + " MiB of memory, got " + memoryMib
                    + " MiB: the kernel and initramfs alone take most of that");
        }
        if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
            throw new IgniteException("VM name '" + name + "' is invalid: use letters, digits, '_', '.', '-' (at most 63)");
        }
        for (String alias : aliases) {
            if (!alias.matches(HOST_LABEL)) {
                throw new IgniteException("network alias '" + alias + "' is invalid: use a host name of letters,"
                        + " digits and inner '-' (at most 63)");
            }
        }
        for (var variable : env.entrySet()) {
            if (!variable.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IgniteException("environment variable name '" + variable.getKey() + "' is invalid");
            }
            // The config drive holds one KEY=VALUE a line: a line break would start a variable of its own.
            if (variable.getValue().chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                throw new IgniteException("environment variable " + variable.getKey() + " has a line break or NUL in"
                        + " its value, which the guest's environment cannot hold: pass such text as a file (copy files)");
            }
        }
    }

    public static Builder builder(String image, String kernel) {
        return new Builder(image, kernel);
    }

    public NetworkRef networkRef() {
        return NetworkRef.parse(network);
    }

    public Builder toBuilder() {
        Builder b = new Builder(image, kernel).setName(name).setAliases(aliases).setCpus(cpus).setMemoryMib(memoryMib)
                .setDiskSizeMib(diskSizeMib).setBootTimeout(bootTimeout).setNetwork(network);
        copyFiles.forEach(b::addCopyFile);
        volumes.forEach(b::addVolume);
        kernelArgs.forEach(b::addKernelArg);
        authorizedKeys.forEach(b::addAuthorizedKey);
        ports.forEach(b::addPort);
        hostPorts.forEach(b::addHostPort);
        env.forEach(b::putEnv);
        labels.forEach(b::putLabel);
        waitStrategies.forEach(b::addWaitStrategy);
        return b;
    }

    public static final class Builder {
        private String image;
        private String kernel;
        private String name;
        private final List<String> aliases = new ArrayList<>();
        private int cpus = 1;
        private int memoryMib = DEFAULT_MEMORY_MIB;
        private final List<String> kernelArgs = new ArrayList<>();
        private final List<PortMapping> ports = new ArrayList<>();
        private final List<Integer> hostPorts = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<FileCopy> copyFiles = new ArrayList<>();
        private final List<Volume> volumes = new ArrayList<>();
        private final List<String> authorizedKeys = new ArrayList<>();
        private long diskSizeMib;
        private Duration bootTimeout = Duration.ofSeconds(120);
        private String network = NetworkRef.USER;
        private final List<WaitStrategy> waitStrategies = new ArrayList<>();

        private Builder(String image, String kernel) {
            this.image = image;
            this.kernel = kernel;
        }

        public Builder setImage(String image) {
            this.image = image;
            return this;
        }

        public Builder setKernel(String kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Unique among the store's VMs, generated when absent; the guest's host name ({@code _} as
         * {@code -}), which peers on a shared network reach it by.
         */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * More names peers on the VM's shared network reach it by, beside its host name (like
         * Docker's network aliases).
         */
        public Builder setAliases(List<String> aliases) {
            this.aliases.clear();
            this.aliases.addAll(aliases);
            return this;
        }

        public Builder setCpus(int cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder setMemoryMib(int memoryMib) {
            this.memoryMib = memoryMib;
            return this;
        }

        /**
         * The root disk's size; 0 (the default) keeps the image's size and shares its blocks
         * copy-on-write, a larger size gives the VM a grown copy of its own.
         */
        public Builder setDiskSizeMib(long diskSizeMib) {
            this.diskSizeMib = diskSizeMib;
            return this;
        }

        /** A host file or folder copied into the VM when it is created, owned by root there. */
        public Builder addCopyFile(FileCopy copy) {
            copyFiles.add(copy);
            return this;
        }

        /** An extra disk mounted in the guest, like {@code docker run -v}. */
        public Builder addVolume(Volume volume) {
            volumes.add(volume);
            return this;
        }

        /**
         * A public key line ({@code ssh-ed25519 AAAA… comment}) authorized for root besides the engine's
         * own key, so people reach the VM with their own key ({@code ignite run --ssh=KEY.pub}).
         */
        public Builder addAuthorizedKey(String publicKeyLine) {
            authorizedKeys.add(publicKeyLine.strip());
            return this;
        }

        /**
         * Replaces the engine's optional kernel arguments ({@code quiet}), as Ignite's {@code --kernel-args}
         * replaces its command line; what the engine needs stays (see {@code VmBoot#kernelCommandLine}).
         */
        public Builder addKernelArg(String arg) {
            kernelArgs.add(arg);
            return this;
        }

        public Builder clearPorts() {
            ports.clear();
            return this;
        }

        public Builder addPort(PortMapping port) {
            ports.add(port);
            return this;
        }

        /**
         * Exposes a TCP port of the host's 127.0.0.1 to the guest at {@code host.ignite.internal:PORT},
         * like Testcontainers' {@code exposeHostPorts}. The guest reaches no other host service.
         */
        public Builder addHostPort(int port) {
            hostPorts.add(port);
            return this;
        }

        public Builder clearHostPorts() {
            hostPorts.clear();
            return this;
        }

        /**
         * A variable every exec through the VM's handle sees and the image's init passes to its
         * services (busybox init, systemd), as {@code docker run -e}; also in {@code /etc/environment}.
         */
        public Builder putEnv(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder clearLabels() {
            labels.clear();
            return this;
        }

        public Builder putLabel(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** How long boot may take until SSH answers; generous by default because TCG is slow. */
        public Builder setBootTimeout(Duration bootTimeout) {
            this.bootTimeout = bootTimeout;
            return this;
        }

        /**
         * {@code user} (default: QEMU user networking only), {@code bridge} (root: a TAP on the bridge
         * {@code ignite0}), or a vde network's name ({@code NAME} or {@code vde:NAME}), made on first use.
         * The shared networks add a second NIC; the first stays on user networking for SSH.
         */
        public Builder setNetwork(String network) {
            this.network = network;
            return this;
        }

        /**
         * A readiness condition the launch waits for after SSH answers, before it hands out the VM
         * (see {@link Wait}); a timeout or an early failure fails the launch and removes the VM.
         */
        public Builder addWaitStrategy(WaitStrategy wait) {
            waitStrategies.add(Objects.requireNonNull(wait, "wait strategy"));
            return this;
        }

        public VmSpec build() {
            return new VmSpec(image, kernel, name, aliases, cpus, memoryMib, diskSizeMib, kernelArgs, ports, env, labels,
                    copyFiles, volumes, bootTimeout, network, hostPorts, authorizedKeys, waitStrategies);
        }
    }
}
