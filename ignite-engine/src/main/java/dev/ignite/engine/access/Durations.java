package dev.ignite.engine.access;

import java.time.Duration;

/** Durations in messages: "2 s", "1500 ms", not ISO-8601's "PT1.5S". */
final class Durations {
    private Durations() {
    }

    static String display(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
