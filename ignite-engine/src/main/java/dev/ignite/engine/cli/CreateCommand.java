package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "create", description = "Create a VM from IMAGE with KERNEL without starting it; prints its ID.")
final class CreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID.")
    String image;

    @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or ID.")
    String kernel;

    @Mixin
    VmOptions options;

    @Override
    public Integer call() {
        Ignite ignite = Engine.open();
        Engine.ensureDefaultsIfNamed(ignite, image, kernel);
        Vm vm = ignite.vms().createDetached(options.toSpec(image, kernel));
        System.out.println(vm.id());
        return 0;
    }
}
