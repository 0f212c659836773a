package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stop", description = "Stop running VMs gracefully (guest power-off), by force after the timeout.")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or unique ID prefixes.")
    List<String> vms;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10", description = "Seconds to wait for the guest to power off"
            + " (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = {"-f", "--force-kill"}, description = "Kill the VMs at once, without asking the guest (as Ignite's"
            + " -f; `ignite kill` too).")
    boolean forceKill;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        for (String ref : vms) {
            if (forceKill) {
                store.get(ref).kill();
            } else {
                store.get(ref).stop(Duration.ofSeconds(seconds));
            }
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
