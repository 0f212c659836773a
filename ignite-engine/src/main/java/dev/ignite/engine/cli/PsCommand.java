package dev.ignite.engine.cli;

import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "ps", description = {"List running VMs (all with -a).",
        "--format fields: {{.ID}} {{.Name}} {{.Image}} {{.Kernel}} {{.State}} {{.Created}} {{.Ports}} {{.Addresses}} {{.Network}} {{.Note}}"
                + " {{.CPUs}} {{.Memory}} {{.Labels}} {{.PID}}.",
        "--filter keys: id (prefix), name (part), label (KEY or KEY=VALUE), state (running, stopped, created,"
                + " failed), image, kernel (name or ID prefix); one key's values are alternatives, keys combine."})
final class PsCommand implements Callable<Integer> {
    /** The listing, with each running VM's guest addresses from one read of the store's networks. */
    static Listing<VmRecord> listing(VmAddresses addresses) {
        return new Listing<VmRecord>("ID")
            .column("ID", "VM ID", VmRecord::id)
            .column("Name", "NAME", VmRecord::name)
            .column("Image", "IMAGE", vm -> vm.spec().image())
            .column("Kernel", "KERNEL", vm -> vm.spec().kernel())
            .column("State", "STATE", vm -> vm.state().display())
            .column("Created", "CREATED", vm -> Ago.since(vm.created(), Instant.now()))
            .column("Ports", "PORTS", PsCommand::ports)
            .column("Addresses", "IPS", vm -> String.join(",", addresses.of(vm)))
            .column("Network", "NETWORK", vm -> vm.spec().network())
            .column("Note", "NOTE", VmRecord::stateReason)
            .field("CPUs", "CPUS", vm -> String.valueOf(vm.spec().cpus()))
            .field("Memory", "MEMORY", vm -> vm.spec().memoryMib() + " MiB")
            .field("Labels", "LABELS", vm -> labels(vm.spec().labels()))
            .field("PID", "PID", vm -> vm.pid() == 0 ? "" : String.valueOf(vm.pid()));
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all VMs, not only running ones.")
    boolean all;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Only VMs that match (see above);"
            + " repeatable. A state filter lists stopped VMs without -a.")
    List<String> filters = new ArrayList<>();

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        VmFilter filter = VmFilter.parse(filters);
        boolean everyState = all || filter.namesState();
        var ignite = Engine.open();
        List<VmRecord> vms = ignite.vms().list().stream()
                .filter(vm -> everyState || vm.state() == VmState.RUNNING)
                .filter(filter)
                .toList();
        listing(VmAddresses.of(ignite)).print(spec.commandLine().getOut(), vms, list);
        return 0;
    }

    /** Docker's notation: {@code 127.0.0.1:41457->22} for SSH while running, then published ports. */
    static String ports(VmRecord vm) {
        List<String> ports = new ArrayList<>();
        if (vm.state() == VmState.RUNNING && vm.sshPort() != 0) {
            ports.add("127.0.0.1:" + vm.sshPort() + "->22");
        }
        for (PortMapping p : vm.spec().ports()) {
            ports.add(p.hostAddress() + ":" + (p.hostPort() == 0 ? "*" : p.hostPort()) + "->" + p.guestPort());
        }
        return String.join(", ", ports);
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
