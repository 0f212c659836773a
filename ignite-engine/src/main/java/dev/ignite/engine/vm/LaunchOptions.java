package dev.ignite.engine.vm;

import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.IgniteException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to launch a VM, as {@link VmSpec} says what it is: who owns it, cold boot or clone, from a warm
 * pool or not, whether to start it now, and who hears about progress. Every front end (CLI, JUnit,
 * Testcontainers adapter, bench) launches through {@code Ignite.launch(spec, options)} and differs
 * only in the options it passes.
 *
 * @param ownership  {@link Ownership#THIS_PROCESS} (the default): the VM dies with this JVM;
 *                   {@link Ownership#DETACHED}: it lives until stopped and removed (the CLI's VMs)
 * @param boot       {@link BootMode#CLONE} (the default: restored from the template of the spec's image,
 *                   kernel and machine, made once) or {@link BootMode#COLD} (tests of boot itself)
 * @param warmup     with {@code CLONE}: commands run in the template before its snapshot is saved
 * @param warmPool   0 (the default), or how many VMs like this one to keep started ahead in a pool
 *                   owned by the engine (closed with it); the next launch takes one at once
 * @param start      true (the default); false only makes the VM (disk, config drive) for a later
 *                   {@link Vm#start()}, as {@code ignite create} does
 * @param listener   hears progress and finished steps; logs through SLF4J by default
 */
public record LaunchOptions(Ownership ownership, BootMode boot, List<String> warmup, int warmPool, boolean start,
                            LaunchListener listener) {

    public LaunchOptions {
        Objects.requireNonNull(ownership, "ownership");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(listener, "listener");
        warmup = List.copyOf(warmup);
        if (boot != BootMode.CLONE && !warmup.isEmpty()) {
            throw new IgniteException("warm-up commands run before a clone's snapshot is saved: launch with"
                    + " boot mode CLONE, or run the commands in the VM");
        }
        if (warmPool < 0) {
            throw new IgniteException("a warm pool's size must be 0 (none) or more, got " + warmPool);
        }
        if (warmPool > 0 && (ownership != Ownership.THIS_PROCESS || !start)) {
            throw new IgniteException("a warm pool holds started VMs owned by this process: launch from it with"
                    + " ownership THIS_PROCESS and start true");
        }
    }

    /** Owned by this JVM, a clone, no pool, started, progress logged. */
    public static LaunchOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().setOwnership(ownership).setBoot(boot).setWarmup(warmup).setWarmPool(warmPool)
                .setStart(start).setListener(listener);
    }

    public static final class Builder {
        private Ownership ownership = Ownership.THIS_PROCESS;
        private BootMode boot = BootMode.CLONE;
        private final List<String> warmup = new ArrayList<>();
        private int warmPool;
        private boolean start = true;
        private LaunchListener listener = LaunchListener.LOGGING;

        private Builder() {
        }

        public Builder setOwnership(Ownership ownership) {
            this.ownership = ownership;
            return this;
        }

        public Builder setBoot(BootMode boot) {
            this.boot = boot;
            return this;
        }

        public Builder setWarmup(List<String> commands) {
            warmup.clear();
            warmup.addAll(commands);
            return this;
        }

        public Builder addWarmup(String command) {
            warmup.add(command);
            return this;
        }

        public Builder setWarmPool(int size) {
            this.warmPool = size;
            return this;
        }

        public Builder setStart(boolean start) {
            this.start = start;
            return this;
        }

        public Builder setListener(LaunchListener listener) {
            this.listener = listener;
            return this;
        }

        public LaunchOptions build() {
            return new LaunchOptions(ownership, boot, warmup, warmPool, start, listener);
        }
    }
}
