package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = {"Print VMs, images or kernels as the store keeps them (kind, apiVersion,"
        + " spec, state, ...): one object, or an array when several are named.",
        "A name is looked up among VMs first, then images, then kernels; --type picks one kind."})
final class InspectCommand implements Callable<Integer> {
    enum Kind { VM, IMAGE, KERNEL }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Names or unique ID prefixes.")
    List<String> references;

    @Option(names = "--type", paramLabel = "KIND", description = "Only look among: vm, image or kernel.")
    Kind type;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or yaml.")
    OutputFormat output;

    @Override
    public Integer call() {
        if (output == OutputFormat.TABLE) {
            throw new UsageError("inspect prints json or yaml; for a table use `ignite ps`, `ignite images` or"
                    + " `ignite kernels`");
        }
        Ignite ignite = Engine.open();
        List<Object> found = new ArrayList<>();
        for (String reference : references) {
            found.add(find(ignite, reference));
        }
        spec.commandLine().getOut().print(Structured.write(found.size() == 1 ? found.get(0) : found, output));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Object find(Ignite ignite, String reference) {
        Optional<?> object = Optional.empty();
        if (type == null || type == Kind.VM) {
            object = ignite.vms().find(reference);
        }
        if (object.isEmpty() && (type == null || type == Kind.IMAGE)) {
            object = ignite.images().find(reference);
        }
        if (object.isEmpty() && (type == null || type == Kind.KERNEL)) {
            object = ignite.kernels().find(reference);
        }
        return object.orElseThrow(() -> new IgniteException("no " + (type == null ? "VM, image or kernel"
                : type.name().toLowerCase(java.util.Locale.ROOT)) + " with the name or ID prefix '" + reference
                + "': see `ignite ps -a`, `ignite images`, `ignite kernels`"));
    }
}
