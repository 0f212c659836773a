package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.manifest.VmObject;
import dev.ignite.engine.recipe.OnTheSpot;
import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.VmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "create", description = "Create a VM from IMAGE (kernel: -k, else KERNEL as in Ignite v0.2, else the"
        + " default) without starting it; prints its ID. IMAGE and kernel not in the store yet are imported.")
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Image name or unique ID prefix, or an"
            + " OCI image (registry, docker-archive:PATH, ...) imported on first use.")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KERNEL", description = "Kernel name (Ignite v0.2's form;"
            + " -k is today's).")
    String kernel;

    @Option(names = "--config", paramLabel = "FILE", description = "Ignite's v1alpha4 objects (VM, Image, Kernel) in"
            + " YAML or JSON instead of IMAGE and flags.")
    Path config;

    @Mixin
    VmOptions options;

    @Override
    public Integer call() {
        IgniteCli global = IgniteCli.of(spec);
        IgniteConfiguration configuration = global.configuration();
        PrintWriter err = global.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
        Ignite ignite = Engine.open();
        List<VmSpec> specs = new ArrayList<>();
        try (Progress progress = Progress.on(err)) {
            if (config != null) {
                if (image != null || options.anySpecFlag()) {
                    throw new UsageError("--config FILE says what to create: give no IMAGE and no VM flags with it");
                }
                ConfigFile.apply(ignite, config, configuration, progress).stream().map(VmObject::spec).forEach(specs::add);
            } else if (image == null) {
                throw new UsageError("give IMAGE (e.g. " + Ignite.DEFAULT_IMAGE + ") or --config FILE");
            } else {
                if (kernel != null && options.kernel != null) {
                    throw new UsageError("KERNEL and -k both name a kernel: give one");
                }
                specs.add(options.toSpec(image, kernel != null ? kernel : options.kernelOr(configuration), configuration));
            }
            for (VmSpec vmSpec : specs) {
                OnTheSpot.importMissing(ignite, vmSpec, progress);
                // Made now, booted later: no template is made for a VM that may never start.
                Vm vm = ignite.launch(vmSpec, LaunchOptions.builder().setOwnership(Ownership.DETACHED).setStart(false)
                        .setBoot(BootMode.COLD).setListener(LaunchListener.progressTo(progress)).build());
                spec.commandLine().getOut().println(vm.id());
            }
        }
        return 0;
    }
}
