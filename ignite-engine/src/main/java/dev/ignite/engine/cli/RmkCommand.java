package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rmk", description = "Remove kernels; refused while a VM uses one, unless forced.")
final class RmkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KERNEL", arity = "1..*", description = "Kernel names or IDs.")
    List<String> kernels;

    @Option(names = {"-f", "--force"}, description = "Remove kernels that VMs still use (those VMs cannot start again).")
    boolean force;

    @Override
    public Integer call() {
        var ignite = Engine.open();
        for (String ref : kernels) {
            ignite.removeKernel(ref, force);
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
