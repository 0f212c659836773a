package dev.ignite.engine.vm;

/** How a launched VM comes up. */
public enum BootMode {
    /** Boots the kernel and the image's init: every VM pays the whole boot. For tests of boot itself. */
    COLD,
    /**
     * The default: restores a clone of the template (snapshot) made once for the image, kernel, machine
     * and warm-up commands, then applies what is the VM's own (name, randomness, clock, machine-id,
     * environment, copied files, shared-network address and MAC). A VM that cannot be a clone boots
     * cold and the engine says why, once.
     */
    CLONE
}
