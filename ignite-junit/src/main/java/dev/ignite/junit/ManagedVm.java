package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;

/**
 * A VM the extension started, with what it holds for it: a slot of the run's VM limit and a
 * watcher of its console. Closing ends all three, the VM first.
 */
final class ManagedVm implements AutoCloseable {
    private final Vm vm;
    private final VmSlots slots;
    private final ConsoleWatcher watcher;

    ManagedVm(Vm vm, VmSlots slots) {
        this.vm = vm;
        this.slots = slots;
        this.watcher = ConsoleWatcher.start(vm);
    }

    Vm vm() {
        return vm;
    }

    ConsoleWatcher watcher() {
        return watcher;
    }

    @Override
    public void close() {
        try {
            watcher.close();
            vm.close();
        } finally {
            slots.release();
        }
    }
}
