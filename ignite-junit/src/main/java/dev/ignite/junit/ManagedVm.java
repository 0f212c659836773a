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
    private final boolean keepOnFailure;
    private volatile boolean kept;

    ManagedVm(Vm vm, VmSlots slots, boolean keepOnFailure) {
        this.vm = vm;
        this.slots = slots;
        this.keepOnFailure = keepOnFailure;
        this.watcher = ConsoleWatcher.start(vm);
    }

    Vm vm() {
        return vm;
    }

    ConsoleWatcher watcher() {
        return watcher;
    }

    /** Whether a failed test leaves it running (it was made detached for that). */
    boolean keepOnFailure() {
        return keepOnFailure;
    }

    /** Leaves the VM running when its scope ends (it was made detached): its test failed and the user asked. */
    void keep() {
        kept = true;
    }

    boolean kept() {
        return kept;
    }

    @Override
    public void close() {
        try {
            watcher.close();
            if (!kept) {
                vm.close();
            }
        } finally {
            slots.release();
        }
    }
}
