package dev.ignite.engine.vm;

/** How a launched VM comes up. */
public enum BootMode {
    /** Boots the kernel and the image's init: every VM pays the whole boot. */
    COLD,
    /**
     * Restores a clone of the snapshot (template) made once for the spec and the warm-up commands,
     * then gives it its own name, randomness and clock: a fraction of a cold boot. User network only.
     */
    CLONE
}
