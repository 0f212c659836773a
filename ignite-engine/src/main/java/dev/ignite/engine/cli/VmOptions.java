package dev.ignite.engine.cli;

import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.Volume;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code run} and {@code create} share: the VM's spec, with Ignite's and Docker's flag names. */
final class VmOptions {
    @Option(names = "--name", paramLabel = "NAME", description = "VM name (generated when absent).")
    String name;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "Virtual CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", defaultValue = "" + VmSpec.DEFAULT_MEMORY_MIB,
            converter = MemorySize.class,
            description = "Memory: 512M, 1G, 1GB, or a bare number of MiB (default: ${DEFAULT-VALUE}).")
    long memoryMib;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "0", converter = MemorySize.class,
            description = "Root disk size: 4G, 4GB, 2048M, or a bare number of MiB (default: the image's size).")
    long diskSizeMib;

    @Option(names = {"-p", "--publish"}, paramLabel = "[ADDR:]HOST:GUEST", description = "Publish a guest port: [hostAddress:]hostPort:guestPort.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--expose-host-port", paramLabel = "PORT", description = "Let the guest reach this TCP port of the"
            + " host's 127.0.0.1 at host.ignite.internal:PORT (repeatable); the guest reaches no other host service.")
    List<Integer> hostPorts = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Environment variable KEY=VALUE for the guest.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Label KEY=VALUE on the VM.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--copy-files", paramLabel = "HOST:GUEST", description = "Copy a host file or folder into the VM: HOST_PATH:GUEST_PATH.")
    List<String> copyFiles = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, description = "An extra disk: HOST_FILE:GUEST_MOUNT_POINT[:ro] (an ext4 image"
            + " file or a block device), mounted before the image's init starts.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--network", paramLabel = "NETWORK", defaultValue = "user", description = "Network: user (default), bridge (root),"
            + " or a vde network's NAME (made on first use; its VMs reach each other by name).")
    String network;

    @Option(names = "--kernel-args", paramLabel = "ARGS", description = "Added to the kernel command line.")
    List<String> kernelArgs = new ArrayList<>();

    VmSpec toSpec(String image, String kernel) {
        VmSpec.Builder spec = VmSpec.builder(image, kernel).setName(name).setCpus(cpus).setMemoryMib(Math.toIntExact(memoryMib))
                .setDiskSizeMib(diskSizeMib).setNetwork(network);
        ports.forEach(p -> spec.addPort(PortMapping.parse(p)));
        hostPorts.forEach(spec::addHostPort);
        env.forEach(spec::putEnv);
        labels.forEach(spec::putLabel);
        copyFiles.forEach(c -> spec.addCopyFile(FileCopy.parse(c)));
        kernelArgs.forEach(spec::addKernelArg);
        volumes.forEach(v -> spec.addVolume(Volume.parse(v)));
        return spec.build();
    }
}
