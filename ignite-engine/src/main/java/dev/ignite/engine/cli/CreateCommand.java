package dev.ignite.engine.cli;

import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "create", description = "Create a VM from IMAGE with KERNEL without starting it; prints its ID.")
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or unique ID prefix.")
    String image;

    @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or unique ID prefix.")
    String kernel;

    @Mixin
    VmOptions options;

    @Override
    public Integer call() {
        Vm vm;
        try (Progress progress = Progress.on(spec.commandLine().getErr())) {
            vm = Engine.open().launch(options.toSpec(image, kernel), LaunchOptions.builder()
                    .setOwnership(Ownership.DETACHED).setStart(false)
                    // Made now, booted later: no template is made for a VM that may never start.
                    .setBoot(BootMode.COLD)
                    .setListener(LaunchListener.progressTo(progress)).build());
        }
        spec.commandLine().getOut().println(vm.id());
        return 0;
    }
}
