package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

/** A {@link WaitStrategy} that timed out or failed early; the message names the VM, the wait and what it last saw. */
public final class VmWaitException extends IgniteException {
    VmWaitException(String message) {
        super(message);
    }
}
