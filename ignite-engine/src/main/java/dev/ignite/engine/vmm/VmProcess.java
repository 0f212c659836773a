package dev.ignite.engine.vmm;

import java.time.Duration;

/** A running VM's host process, as its backend controls it. */
public interface VmProcess {
    long pid();

    boolean isAlive();

    /** Ends the VM now (the guest gets no say); waits up to {@code timeout}, then kills the process. */
    void terminate(Duration timeout);

    /** The backend's last words when the process died on its own, for error messages. */
    String diagnostics();
}
