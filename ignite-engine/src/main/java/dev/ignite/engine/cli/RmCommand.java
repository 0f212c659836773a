package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rm", description = "Remove VMs with their disks and logs.")
final class RmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or unique ID prefixes.")
    List<String> vms;

    @Option(names = {"-f", "--force"}, description = "Remove running VMs too (they are killed).")
    boolean force;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        for (String ref : vms) {
            store.remove(ref, force);
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
