package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

import java.time.Duration;

/** A guest command outlived its timeout; it was ended (its agent stream killed, its SSH channel closed). */
public final class ExecTimeoutException extends IgniteException {
    private final String command;
    private final Duration timeout;

    public ExecTimeoutException(String command, Duration timeout) {
        super("`" + command + "` did not finish within " + Durations.display(timeout)
                + ": it was ended (raise the timeout with ExecRequest.Builder.setTimeout"
                + " if it needs longer)");
        this.command = command;
        this.timeout = timeout;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
