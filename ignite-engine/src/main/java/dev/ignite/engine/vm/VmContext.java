package dev.ignite.engine.vm;

import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.kernel.KernelStore;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.vmm.Vmm;

import java.nio.file.Files;

/**
 * What a {@link Vm} handle needs from the store, handed to it by {@link Vms} so that calls go one
 * way: the registry makes and finds handles, a handle never calls back into the registry.
 */
record VmContext(Vmm vmm, SshKeys keys, KernelStore kernels, ObjectStore<VmRecord> records, ObjectStore<Snapshot> snapshots,
                 VmNetworking networking) {

    /** Records the VM's new state, unless its folder was removed meanwhile ({@code ignite rm -f}). */
    void save(VmRecord record) {
        if (Files.isDirectory(record.folder())) {
            records.write(record);
        }
    }

    /** Deletes the VM's folder and gives back its network address (its switch goes with the last VM). */
    void delete(VmRecord record, RuntimeException failure) {
        try {
            records.remove(record);
            networking.detach(record);
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
