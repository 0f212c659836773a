package dev.ignite.engine.cli;

import dev.ignite.engine.manifest.VmObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rm", description = "Remove VMs with their disks and logs.")
final class RmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", arity = "0..*", description = "VM names or unique ID prefixes.")
    List<String> vms = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Remove running VMs too (they are killed).")
    boolean force;

    @Option(names = "--config", paramLabel = "FILE", description = "Remove the VMs named in Ignite's v1alpha4 objects"
            + " (metadata.name of each VM).")
    Path config;

    @Override
    public Integer call() {
        List<String> names = new ArrayList<>(vms);
        if (config != null) {
            ConfigFile.vms(config, IgniteCli.of(spec).configuration()).stream().map(VmObject::name).forEach(names::add);
        }
        if (names.isEmpty()) {
            throw new UsageError("name the VMs to remove, or give --config FILE");
        }
        var store = Engine.open().vms();
        for (String ref : names) {
            store.remove(ref, force);
            spec.commandLine().getOut().println(ref);
        }
        return 0;
    }
}
