package dev.ignite.engine.cli;

/** Step timings printed to stderr with {@code --timings}, so stdout stays the command's own output. */
final class Timings {
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long last = start;

    Timings(boolean enabled) {
        this.enabled = enabled;
    }

    void lap(String step) {
        long now = System.nanoTime();
        if (enabled) {
            System.err.printf("[%7.3f s] %-45s (+%.3f s)%n", (now - start) / 1e9, step, (now - last) / 1e9);
        }
        last = now;
    }

    void total() {
        if (enabled) {
            System.err.printf("[%7.3f s] total%n", (System.nanoTime() - start) / 1e9);
        }
    }
}
