package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "start", description = "Start created or stopped VMs; returns once each answers SSH.")
final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or unique ID prefixes.")
    List<String> vms;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        for (String ref : vms) {
            store.get(ref).start();
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
