package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rmi", description = "Remove images; refused while a VM was made from one, unless forced.")
final class RmiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image names or IDs.")
    List<String> images;

    @Option(names = {"-f", "--force"}, description = "Remove images that VMs still use (those VMs cannot start again).")
    boolean force;

    @Override
    public Integer call() {
        var ignite = Engine.open();
        for (String ref : images) {
            ignite.removeImage(ref, force);
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
