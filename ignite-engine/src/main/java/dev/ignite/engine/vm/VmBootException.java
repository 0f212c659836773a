package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

/** A VM did not come up; the message carries the tail of its serial console. */
public final class VmBootException extends IgniteException {
    public VmBootException(String message, String serialTail) {
        super(message + (serialTail.isBlank() ? "" : "\n--- serial console (last lines) ---\n" + serialTail));
    }
}
