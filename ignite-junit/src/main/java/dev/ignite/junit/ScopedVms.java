package dev.ignite.junit;

import dev.ignite.engine.host.CloseAll;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The VMs one scope (a test method, a class, a shared scope) owns. Kept in JUnit's store, which
 * closes it with its scope whatever the outcome: newest VM first, every VM even when one fails.
 */
final class ScopedVms implements AutoCloseable {
    private final Deque<ManagedVm> vms = new ConcurrentLinkedDeque<>();
    /** VMs of shared scopes this scope uses but does not own: shown in diagnostics, never closed here. */
    private final Deque<ManagedVm> borrowed = new ConcurrentLinkedDeque<>();

    void add(ManagedVm vm) {
        vms.addFirst(vm);
    }

    void borrow(ManagedVm vm) {
        borrowed.addFirst(vm);
    }

    /** Owned and borrowed VMs, newest first. */
    List<ManagedVm> visible() {
        List<ManagedVm> all = new java.util.ArrayList<>(vms);
        all.addAll(borrowed);
        return all;
    }

    @Override
    public void close() {
        try {
            CloseAll.close(List.copyOf(vms));
        } finally {
            vms.clear();
        }
    }
}
