package dev.ignite.engine.cli;

import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.manifest.VmObject;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.Volume;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;

/**
 * What {@code run} and {@code create} share: the VM's spec, with Ignite's flag names and short forms
 * and Docker's where they differ ({@code -p/--publish} and {@code --ports}, {@code -v/--volume} and
 * {@code --volumes}). Sizes, CPUs, kernel, kernel arguments and network left out come from the
 * Ignite configuration ({@code --ignite-config}), then the engine's defaults.
 */
final class VmOptions {
    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "VM name (generated when absent).")
    String name;

    @Option(names = "--require-name", description = "Fail instead of generating a name when -n is absent.")
    boolean requireName;

    @Option(names = {"-k", "--kernel-image"}, paramLabel = "KERNEL", description = "Kernel: a name or ID prefix in the"
            + " store, or a kernel OCI image (registry, docker-archive:PATH, ...) imported on first use (default: the"
            + " configuration's, else " + dev.ignite.engine.Ignite.DEFAULT_KERNEL + ").")
    String kernel;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default: 1).")
    Integer cpus;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", converter = MemorySize.class,
            description = "Memory: 512M, 1G, 1GB, or a bare number of MiB (default: 256).")
    Long memoryMib;

    @Option(names = {"-s", "--size"}, paramLabel = "SIZE", converter = MemorySize.class,
            description = "Root disk size: 4G, 4GB, 2048M, or a bare number of MiB (default: the image's size).")
    Long diskSizeMib;

    @Option(names = {"-p", "--publish", "--ports"}, paramLabel = "[ADDR:]HOST:GUEST[/udp]",
            description = "Publish a guest port: [hostAddress:]hostPort:guestPort, TCP unless /udp.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--expose-host-port", paramLabel = "PORT", description = "Let the guest reach this TCP port of the"
            + " host's 127.0.0.1 at host.ignite.internal:PORT (repeatable); the guest reaches no other host service.")
    List<Integer> hostPorts = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Environment variable KEY=VALUE for the guest.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Label KEY=VALUE on the VM.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = {"-f", "--copy-files"}, paramLabel = "HOST:GUEST", description = "Copy a host file or folder into"
            + " the VM: HOST_PATH:GUEST_PATH.")
    List<String> copyFiles = new ArrayList<>();

    @Option(names = {"-v", "--volume", "--volumes"}, description = "An extra disk: HOST_FILE:GUEST_MOUNT_POINT[:ro]"
            + " (an ext4 image file or a block device), mounted before the image's init starts.")
    List<String> volumes = new ArrayList<>();

    @Option(names = {"--network", "--network-plugin"}, paramLabel = "NETWORK", description = "Network: user (default),"
            + " bridge (root; Ignite's cni and docker-bridge mean it too), or a vde network's NAME (made on first use;"
            + " its VMs reach each other by name).")
    String network;

    @Option(names = "--kernel-args", paramLabel = "ARGS", description = "Kernel command line, replacing the engine's"
            + " optional `quiet` as Ignite's flag replaces its command line; `console=ttyS0 panic=-1 ignite.init=…`,"
            + " which the engine needs, stay.")
    List<String> kernelArgs = new ArrayList<>();

    @Option(names = "--ssh", arity = "0..1", paramLabel = "PUBKEY", preprocessor = AttachedValueOnly.class,
            description = "SSH is always on (the engine's key); --ssh=PUBKEY also authorizes your public key file"
                    + " (then `ignite ssh -i KEY VM` or plain ssh work with it). With `run --rm`: also open an ssh"
                    + " session after boot.")
    String ssh;

    /** {@code --ssh VALUE} would take the next word as the key; like Ignite's {@code --ssh[=PATH]} only {@code =} gives one. */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("");
            }
            return false;
        }
    }

    boolean anySpecFlag() {
        return kernel != null || cpus != null || memoryMib != null || diskSizeMib != null || !ports.isEmpty()
                || !env.isEmpty() || !labels.isEmpty() || !copyFiles.isEmpty() || !volumes.isEmpty() || network != null
                || !kernelArgs.isEmpty() || ssh != null && !ssh.isEmpty();
    }

    /** The kernel named by -k, else the configuration's default. */
    String kernelOr(IgniteConfiguration configuration) {
        return kernel != null ? kernel : configuration.kernel();
    }

    VmSpec toSpec(String image, String kernelReference, IgniteConfiguration configuration) {
        if (requireName && name == null) {
            throw new UsageError("--require-name: give the VM a name with -n/--name");
        }
        VmSpec.Builder spec = VmSpec.builder(image, kernelReference).setName(name)
                .setCpus(cpus != null ? cpus : configuration.cpus())
                .setMemoryMib(Math.toIntExact(memoryMib != null ? memoryMib : configuration.memoryMib()))
                .setDiskSizeMib(diskSizeMib != null ? diskSizeMib : configuration.diskSizeMib())
                .setNetwork(network == null ? configuration.network()
                        : network.equals("cni") || network.equals("docker-bridge") ? "bridge" : network);
        ports.forEach(p -> spec.addPort(PortMapping.parse(p)));
        hostPorts.forEach(spec::addHostPort);
        env.forEach(spec::putEnv);
        labels.forEach(spec::putLabel);
        copyFiles.forEach(c -> spec.addCopyFile(FileCopy.parse(c)));
        List<String> args = kernelArgs.isEmpty() ? List.of(configuration.kernelCmdLine()) : kernelArgs;
        args.stream().flatMap(a -> List.of(a.strip().split("\\s+")).stream()).filter(a -> !a.isEmpty())
                .forEach(spec::addKernelArg);
        volumes.forEach(v -> spec.addVolume(Volume.parse(v)));
        if (ssh != null && !ssh.isEmpty()) {
            spec.addAuthorizedKey(VmObject.publicKey(ssh, Path.of("")));
        }
        return spec.build();
    }
}
