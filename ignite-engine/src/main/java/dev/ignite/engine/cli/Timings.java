package dev.ignite.engine.cli;

import java.io.PrintWriter;

/** Step timings printed to stderr with {@code --timings}, so stdout stays the command's own output. */
final class Timings {
    private final boolean enabled;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last = start;

    Timings(boolean enabled, PrintWriter err) {
        this.enabled = enabled;
        this.err = err;
    }

    void lap(String step) {
        long now = System.nanoTime();
        if (enabled) {
            err.printf("[%7.3f s] %-45s (+%.3f s)%n", (now - start) / 1e9, step, (now - last) / 1e9);
            err.flush();
        }
        last = now;
    }

    void total() {
        if (enabled) {
            err.printf("[%7.3f s] total%n", (System.nanoTime() - start) / 1e9);
            err.flush();
        }
    }
}
