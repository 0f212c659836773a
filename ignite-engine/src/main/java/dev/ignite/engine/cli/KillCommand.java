package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "kill", description = "Kill running VMs at once (no guest shutdown); their disks stay.")
final class KillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or unique ID prefixes.")
    List<String> vms;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        for (String ref : vms) {
            store.get(ref).kill();
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
