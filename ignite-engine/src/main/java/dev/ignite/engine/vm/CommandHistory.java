package dev.ignite.engine.vm;

import dev.ignite.engine.access.ExecResult;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last commands run in a VM with how they ended, for failure reports. Bounded; thread-safe. */
public final class CommandHistory {
    private static final int KEPT = 10;
    private static final int COMMAND_CHARS = 160;

    private final Deque<String> entries = new ArrayDeque<>();

    synchronized void finished(ExecResult result) {
        add(shorten(result.command()) + "  -> exit " + result.exitCode() + " in " + millis(result.duration()));
    }

    synchronized void failed(String command, RuntimeException failure) {
        add(shorten(command) + "  -> " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** Oldest first. */
    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    private void add(String entry) {
        if (entries.size() == KEPT) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    private static String shorten(String command) {
        String oneLine = command.replace('\n', ' ');
        return oneLine.length() <= COMMAND_CHARS ? oneLine : oneLine.substring(0, COMMAND_CHARS) + "…";
    }

    private static String millis(Duration duration) {
        return duration == null ? "?" : duration.toMillis() + " ms";
    }
}
