package dev.ignite.engine.cli;

import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "ps", description = "List running VMs.")
final class PsCommand implements Callable<Integer> {
    @Option(names = {"-a", "--all"}, description = "Show all VMs, not only running ones.")
    boolean all;

    @Override
    public Integer call() {
        System.out.printf("%-18s %-24s %-12s %-10s %-16s %s%n", "VM ID", "NAME", "IMAGE", "STATE", "SSH", "NOTE");
        for (VmRecord vm : Engine.open().vms().list()) {
            if (all || vm.state() == VmState.RUNNING) {
                System.out.printf("%-18s %-24s %-12s %-10s %-16s %s%n", vm.id(), vm.name(), vm.imageId(),
                        vm.state().display(), vm.state() == VmState.RUNNING ? "127.0.0.1:" + vm.sshPort() : "",
                        vm.stateReason() == null ? "" : vm.stateReason());
            }
        }
        return 0;
    }
}
