package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps up to {@code size} VMs of one spec and launch options started and answering SSH in the
 * background (clones of one snapshot, typically), so the next {@link #take()} hands one over at once
 * instead of starting it while the caller waits.
 * Refills one clone at a time (restores compete for the same cores as the tests) and is bounded
 * by host memory. Taken VMs belong to the caller; {@link #close()} removes the idle ones.
 */
final class WarmPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    private static final long MIB = 1 << 20;

    private final Vms vms;
    private final VmSpec spec;
    private final LaunchOptions options;
    private final int size;
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final ExecutorService refiller;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code options} as the pool launches its VMs: no pool of their own, progress not reported. */
    WarmPool(Vms vms, VmSpec spec, LaunchOptions options) {
        this.vms = vms;
        this.spec = spec;
        this.size = Math.max(1, Math.min(options.warmPool(), memoryBound(spec)));
        if (options.boot() == BootMode.CLONE) {
            vms.snapshots().ensure(spec, options.warmup(), options.listener()::progress);
        }
        this.options = options.toBuilder().setWarmPool(0).setListener(new LaunchListener() { }).build();
        this.refiller = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ignite-warm-pool");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < size; i++) {
            refiller.execute(this::restoreOne);
        }
    }

    /** How many idle clones the host's free memory allows next to what runs already (half of it, at most). */
    private static int memoryBound(VmSpec spec) {
        long available = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getFreeMemorySize();
        return (int) Math.max(1, available / 2 / (spec.memoryMib() * MIB));
    }

    int size() {
        return size;
    }

    /** A started VM, answering SSH; waits for one when the pool is empty. Refills behind it. */
    Vm take() {
        if (closed.get()) {
            throw new IgniteException("the warm pool is closed");
        }
        try {
            Object next = ready.poll(10, TimeUnit.MINUTES);
            refiller.execute(this::restoreOne);
            if (next instanceof Vm vm) {
                return vm;
            }
            if (next instanceof RuntimeException failure) {
                throw new IgniteException("the warm pool could not start a VM: " + failure.getMessage(), failure);
            }
            throw new IgniteException("no VM from the warm pool within 10 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while waiting for a VM from the warm pool", e);
        }
    }

    private void restoreOne() {
        if (closed.get()) {
            return;
        }
        try {
            Vm vm = vms.launch(spec, options);
            if (closed.get()) {
                vm.close();
            } else {
                ready.add(vm);
            }
        } catch (RuntimeException e) {
            LOG.warn("warm pool: starting a VM failed: {}", e.getMessage());
            ready.add(e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // No interrupt: a restore cut short in its clone-identity step or in its own cleanup (store
        // locks are interruptible file channels) would leave its VM behind. The one in flight sees
        // the pool closed when it finishes and removes its clone itself; the queued ones do nothing.
        refiller.shutdown();
        try {
            if (!refiller.awaitTermination(2, TimeUnit.MINUTES)) {
                refiller.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Object> idle = new ArrayList<>();
        ready.drainTo(idle);
        for (Object o : idle) {
            if (o instanceof Vm vm) {
                vm.close();
            }
        }
    }
}
