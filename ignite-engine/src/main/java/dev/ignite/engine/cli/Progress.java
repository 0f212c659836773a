package dev.ignite.engine.cli;

import dev.ignite.engine.vm.LaunchListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work (default image and kernel builds, imports, snapshots) on stderr. Hand it to
 * the engine as a {@code Consumer<String>}: each message starts a step. On a terminal the step's
 * line is redrawn with {@code \r} every second with its elapsed time, and finished with its total
 * when the next step starts or the work ends; otherwise (a pipe, a CI log) each step is one plain
 * line. Prints nothing when the engine reports nothing (the work was already done).
 * <pre>{@code
 * try (Progress progress = Progress.on(spec.commandLine().getErr())) {
 *     ignite.launch(spec, LaunchOptions.builder().setListener(progress.withSteps(clock)).build());
 * }
 * }</pre>
 */
final class Progress implements Consumer<String>, AutoCloseable {
    /** Longer lines would wrap, and {@code \r} then redraws only their last part. */
    private static final int MAX_WIDTH = 100;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService ticker;
    private String step;
    private long stepStarted;

    Progress(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** Redrawn lines when this process has a terminal ({@code System.console() != null}), plain lines otherwise. */
    static Progress on(PrintWriter err) {
        return new Progress(err, System.console() != null, System::nanoTime);
    }

    @Override
    public synchronized void accept(String message) {
        finishStep();
        step = message.strip();
        stepStarted = nanoTime.getAsLong();
        if (!terminal) {
            err.println("==> " + step);
            err.flush();
            return;
        }
        draw();
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ignite-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * The engine's launch events: long work as progress lines, each finished step ends the current
     * line and is a lap of {@code clock} ({@code --timings}).
     */
    LaunchListener withSteps(Timings clock) {
        return new LaunchListener() {
            @Override
            public void progress(String message) {
                accept(message);
            }

            @Override
            public void stepDone(String step) {
                endStep();
                clock.lap(step);
            }
        };
    }

    /** Finishes the current step's line; the next message starts a new one. */
    synchronized void endStep() {
        finishStep();
        step = null;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        finishStep();
        step = null;
    }

    private synchronized void redraw() {
        if (step != null) {
            draw();
        }
    }

    private void draw() {
        String line = "==> " + step;
        String time = " " + elapsed();
        if (line.length() + time.length() > MAX_WIDTH) {
            line = line.substring(0, MAX_WIDTH - time.length() - 1) + "…";
        }
        // \033[K clears what a longer earlier drawing left on the line.
        err.print("\r" + line + time + "\033[K");
        err.flush();
    }

    /** On a terminal the finished step keeps its line, with the time it took. */
    private void finishStep() {
        if (step != null && terminal) {
            draw();
            err.println();
            err.flush();
        }
    }

    private String elapsed() {
        double seconds = (nanoTime.getAsLong() - stepStarted) / 1e9;
        return seconds < 60 ? String.format(Locale.ROOT, "%.0fs", Math.floor(seconds))
                : String.format(Locale.ROOT, "%dm%02ds", (long) seconds / 60, (long) seconds % 60);
    }
}
