package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

/** Thrown by {@code execOrFail} when a guest command exits non-zero; carries the whole result. */
public final class ExecFailedException extends IgniteException {
    private final ExecResult result;

    public ExecFailedException(ExecResult result) {
        super("`" + result.command() + "` exited " + result.exitCode()
                + (result.stderr().isBlank()
                ? " with no stderr" + stdoutTail(result)
                : "; stderr:\n" + result.stderr().strip()));
        this.result = result;
    }

    private static String stdoutTail(ExecResult result) {
        String out = result.stdout().strip();
        return out.isEmpty() ? " and no stdout" : "; stdout (last lines):\n"
                + out.substring(Math.max(0, out.length() - 2000));
    }

    public ExecResult result() {
        return result;
    }
}
