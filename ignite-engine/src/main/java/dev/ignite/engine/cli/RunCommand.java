package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Create and start a VM from IMAGE with KERNEL; with COMMAND, run it in the VM"
        + " and exit with its exit code.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID (default image: "
            + Ignite.DEFAULT_IMAGE + ", built on first use).")
    String image;

    @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or ID (default kernel: "
            + Ignite.DEFAULT_KERNEL + ", built on first use).")
    String kernel;

    @Parameters(index = "2..*", paramLabel = "COMMAND", description = "Command to run in the VM over SSH.")
    List<String> command = new ArrayList<>();

    @Option(names = "--name", description = "VM name (generated when absent).")
    String name;

    @Option(names = "--cpus", defaultValue = "1", description = "Virtual CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = {"-m", "--memory"}, defaultValue = "256", description = "Memory in MiB (default: ${DEFAULT-VALUE}).")
    int memoryMib;

    @Option(names = {"-p", "--publish"}, description = "Publish a guest port: [hostAddress:]hostPort:guestPort.")
    List<String> ports = new ArrayList<>();

    @Option(names = {"-e", "--env"}, description = "Environment variable KEY=VALUE for the guest.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--rm", description = "Remove the VM when the command ends.")
    boolean remove;

    @Option(names = {"-d", "--detach"}, description = "Leave the VM running after this command exits (otherwise it"
            + " stops with it); `ignite attach`, `ignite logs` and `ignite stop` reach it later.")
    boolean detach;

    @Option(names = "--timings", description = "Print how long each step took.")
    boolean timings;

    @Override
    public Integer call() {
        if (detach && remove) {
            throw new IgniteException("--rm and -d cannot be combined: a detached VM outlives this command; stop"
                    + " and remove it later with `ignite stop` and `ignite rm`");
        }
        Timings clock = new Timings(timings);
        Ignite ignite = Engine.open();
        Engine.ensureDefaultsIfNamed(ignite, image, kernel);
        clock.lap("image and kernel ready");
        VmSpec.Builder spec = VmSpec.builder(image, kernel).setName(name).setCpus(cpus).setMemoryMib(memoryMib);
        ports.forEach(p -> spec.addPort(PortMapping.parse(p)));
        env.forEach(spec::putEnv);
        Vm vm = ignite.vms().create(spec.build());
        clock.lap("VM " + vm.name() + " created (disk overlay, config drive)");
        int exit = 0;
        try {
            if (detach) {
                vm.startDetached();
            } else {
                vm.start();
            }
            clock.lap("booted to first SSH answer");
            if (!command.isEmpty()) {
                ExecResult result = vm.exec(String.join(" ", command));
                System.out.print(result.stdout());
                System.err.print(result.stderr());
                exit = result.exitCode();
                clock.lap("ran `" + String.join(" ", command) + "`");
            } else {
                System.out.println(vm.id());
            }
        } finally {
            if (remove) {
                vm.close();
                clock.lap("VM stopped and removed");
            }
        }
        clock.total();
        return exit;
    }
}
