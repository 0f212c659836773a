package dev.ignite.engine.vmm;

/** Who a VM and its VMM process live and die with (see docs/runtime.md). */
public enum Ownership {
    /** Dies with this JVM (even on {@code kill -9}) and is reaped from the store after it. */
    THIS_PROCESS,
    /** Lives until stopped, whichever process started it: the CLI's VMs. */
    DETACHED
}
