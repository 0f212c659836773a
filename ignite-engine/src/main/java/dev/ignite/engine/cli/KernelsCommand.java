package dev.ignite.engine.cli;

import dev.ignite.engine.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "kernels", description = {"List imported kernels.",
        "--format fields: {{.ID}} {{.Name}} {{.Version}} {{.Created}} {{.Digest}} {{.Source}}."})
final class KernelsCommand implements Callable<Integer> {
    static final Listing<Kernel> LISTING = new Listing<Kernel>("ID")
            .column("ID", "KERNEL ID", Kernel::id)
            .column("Name", "NAME", kernel -> kernel.name() == null ? "<none>" : kernel.name())
            .column("Version", "VERSION", Kernel::version)
            .column("Created", "CREATED", kernel -> Ago.since(kernel.created(), Instant.now()))
            .field("Digest", "DIGEST", Kernel::digest)
            .field("Source", "SOURCE", Kernel::source);

    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        LISTING.print(spec.commandLine().getOut(), Engine.open().kernels().list(), list);
        return 0;
    }
}
