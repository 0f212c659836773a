package dev.ignite.engine.vm;

import dev.ignite.engine.host.CloseAll;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.IgniteException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's warm pools, one per spec and launch options that asked for one; made on the first
 * launch that names a pool size, closed with the engine.
 */
final class WarmPools implements AutoCloseable {
    /** What makes two launches interchangeable: the spec but its labels (a pool's VMs get generated names) and how they start. */
    private record Key(VmSpec spec, Ownership ownership, BootMode boot, List<String> warmup) {
    }

    private final Vms vms;
    private final Map<Key, WarmPool> pools = new ConcurrentHashMap<>();

    WarmPools(Vms vms) {
        this.vms = vms;
    }

    Vm take(VmSpec spec, LaunchOptions options) {
        if (spec.name() != null) {
            throw new IgniteException("VM name '" + spec.name() + "' cannot come from a warm pool: its VMs are"
                    + " started before they are asked for and get generated names; leave the name unset");
        }
        // Labels say who asked (a test's ID, say): VMs that differ only in them are interchangeable.
        VmSpec unlabelled = spec.toBuilder().clearLabels().build();
        Key key = new Key(unlabelled, options.ownership(), options.boot(), options.warmup());
        Vm vm = pools.computeIfAbsent(key, k -> new WarmPool(vms, unlabelled, options)).take();
        vm.relabel(spec.labels());
        return vm;
    }

    @Override
    public void close() {
        List<WarmPool> open = new ArrayList<>(pools.values());
        pools.clear();
        CloseAll.close(open);
    }
}
