package dev.ignite.engine.host;

import dev.ignite.engine.IgniteException;

import java.time.Duration;

/** Waiting between polls: an interrupt ends the wait with an error naming what was awaited, and the flag stays set. */
public final class Sleep {
    private Sleep() {
    }

    public static void sleep(Duration duration, String waitingFor) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while waiting for " + waitingFor, e);
        }
    }
}
