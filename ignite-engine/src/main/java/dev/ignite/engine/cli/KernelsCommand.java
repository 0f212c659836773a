package dev.ignite.engine.cli;

import dev.ignite.engine.kernel.Kernel;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "kernels", description = "List imported kernels.")
final class KernelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-14s %-28s %-24s %s%n", "KERNEL ID", "NAME", "VERSION", "CREATED");
        for (Kernel kernel : Engine.open().kernels().list()) {
            System.out.printf("%-14s %-28s %-24s %s%n", kernel.id(), kernel.name() == null ? "<none>" : kernel.name(),
                    kernel.version(), kernel.created());
        }
        return 0;
    }
}
