package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

/** No VM has that name or ID prefix. */
public final class VmNotFoundException extends IgniteException {
    public VmNotFoundException(String reference) {
        super("no VM with the name or ID prefix '" + reference + "': list VMs with `ignite ps -a`");
    }
}
