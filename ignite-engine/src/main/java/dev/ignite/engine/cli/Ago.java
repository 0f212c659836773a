package dev.ignite.engine.cli;

import java.time.Duration;
import java.time.Instant;

/** "3 minutes ago", as Docker's CREATED column shows time. */
final class Ago {
    private Ago() {
    }

    static String since(Instant then, Instant now) {
        if (then == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 60) {
            return plural(s, "second");
        }
        if (s < 3600) {
            return plural(s / 60, "minute");
        }
        if (s < 86400) {
            return plural(s / 3600, "hour");
        }
        return plural(s / 86400, "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }
}
