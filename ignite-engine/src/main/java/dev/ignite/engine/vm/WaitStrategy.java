package dev.ignite.engine.vm;

import java.time.Duration;

/**
 * When a started VM is ready for its test, as Testcontainers' {@code WaitStrategy}: declared on the
 * {@link VmSpec} (or given to a front end), run by the launch before the handle is handed out.
 * Made by {@link Wait}; each is an immutable value (equal when it waits for the same thing).
 */
public interface WaitStrategy {
    Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** What is awaited, as a timeout names it: {@code TCP port 80 open}. */
    String description();

    Duration startupTimeout();

    /** The same wait with another limit. */
    WaitStrategy withStartupTimeout(Duration timeout);

    /** One look at the guest: ready, not yet (with what was seen), or failed for good. */
    WaitObservation check(Vm vm);

    /**
     * Polls {@link #check} until ready; throws {@link VmWaitException} naming the VM, this wait and
     * its last observation when the startup timeout passes or a check says it never will be ready.
     */
    default void waitUntilReady(Vm vm) {
        WaitPolling.until(vm, this);
    }
}
