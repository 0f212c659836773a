package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "start", description = "Start created or stopped VMs; returns once each answers SSH.")
final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or unique ID prefixes.")
    List<String> vms;

    @Option(names = {"-i", "--interactive"}, description = "Attach to the VM's console once it has started (as"
            + " Ignite's -i); with several VMs, the last one.")
    boolean interactive;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        dev.ignite.engine.vm.Vm last = null;
        for (String ref : vms) {
            last = store.get(ref).start();
            spec.commandLine().getOut().println(ref);
        }
        if (interactive && last != null) {
            spec.commandLine().getOut().flush();
            AttachCommand.attach(last.console(), last.name(),
                    dev.ignite.engine.access.DetachKeys.parse(AttachCommand.DEFAULT_DETACH_KEYS), spec.commandLine().getErr());
        }
        return 0;
    }
}
