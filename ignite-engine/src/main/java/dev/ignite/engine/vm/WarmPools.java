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
    /** What makes two launches interchangeable: the spec (a pool's VMs get generated names) and how they start. */
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
        Key key = new Key(spec, options.ownership(), options.boot(), options.warmup());
        return pools.computeIfAbsent(key, k -> new WarmPool(vms, spec, options)).take();
    }

    @Override
    public void close() {
        List<WarmPool> open = new ArrayList<>(pools.values());
        pools.clear();
        CloseAll.close(open);
    }
}
