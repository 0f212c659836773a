package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

/** Thrown by {@code execOrFail} when a guest command exits non-zero; carries the whole result. */
public final class ExecFailedException extends IgniteException {
    private final ExecResult result;

    public ExecFailedException(ExecResult result) {
        super("`" + result.command() + "` exited " + result.exitCode()
                + (result.stderr().isBlank() ? " (no stderr)" : "; stderr:\n" + result.stderr().strip()));
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }
}
