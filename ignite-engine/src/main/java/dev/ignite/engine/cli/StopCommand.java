package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stop", description = "Stop running VMs at once (QEMU quits; the guest is not asked). Disks and logs"
        + " stay until `ignite rm`.")
final class StopCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VM", arity = "1..*", description = "VM names or IDs.")
    List<String> vms;

    @Override
    public Integer call() {
        var store = Engine.open().vms();
        for (String ref : vms) {
            store.stop(ref);
            System.out.println(ref);
        }
        return 0;
    }
}
