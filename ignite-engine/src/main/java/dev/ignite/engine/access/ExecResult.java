package dev.ignite.engine.access;

import java.time.Duration;

/** A finished guest command: a non-zero exit code is a result, not an exception. */
public record ExecResult(String command, int exitCode, String stdout, String stderr, Duration duration) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return "`" + command + "` exited " + exitCode + " after " + Durations.display(duration)
                + (stdout.isEmpty() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
