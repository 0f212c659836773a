package dev.ignite.junit;

import java.util.List;

/**
 * A kernel panic, oops or {@code BUG:} that a VM printed on its console while a test used it: the
 * test fails with the console excerpt, since the guest's kernel is no longer trustworthy.
 */
public final class KernelErrorOnConsole extends AssertionError {
    private KernelErrorOnConsole(String message) {
        super(message);
    }

    /** The errors the VMs' watchers saw since last asked, as one failure; null when there were none. */
    static KernelErrorOnConsole collect(List<ManagedVm> vms) {
        StringBuilder message = new StringBuilder();
        for (ManagedVm vm : vms) {
            for (String excerpt : vm.watcher().takeErrors()) {
                message.append(message.length() > 0 ? "\n\n" : "").append("VM ").append(vm.vm().name())
                        .append(" printed a kernel error on its console:\n").append(excerpt);
            }
        }
        return message.length() == 0 ? null : new KernelErrorOnConsole(message.toString());
    }
}
