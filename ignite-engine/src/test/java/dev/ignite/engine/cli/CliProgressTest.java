package dev.ignite.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CliProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @Test
    void withoutATerminalEachStepIsOnePlainLine() {
        try (Progress progress = new Progress(new PrintWriter(err), false, now::get)) {
            progress.accept("building ignite/tiny");
            now.addAndGet(5_000_000_000L);
            progress.accept("importing ignite/tiny");
        }
        assertThat(err.toString()).isEqualTo("==> building ignite/tiny\n==> importing ignite/tiny\n");
    }

    @Test
    void onATerminalAStepLineIsRedrawnAndEndsWithItsTime() {
        try (Progress progress = new Progress(new PrintWriter(err), true, now::get)) {
            progress.accept("building ignite/tiny");
            now.addAndGet(75_500_000_000L);
            progress.accept("importing");
            now.addAndGet(2_000_000_000L);
        }
        assertThat(err.toString()).isEqualTo("\r==> building ignite/tiny 0s\033[K"
                + "\r==> building ignite/tiny 1m15s\033[K\n"
                + "\r==> importing 0s\033[K"
                + "\r==> importing 2s\033[K\n");
    }

    @Test
    void nothingReportedPrintsNothing() {
        new Progress(new PrintWriter(err), true, now::get).close();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void longStepsAreCutSoTheRedrawStaysOnOneLine() {
        try (Progress progress = new Progress(new PrintWriter(err), true, now::get)) {
            progress.accept("x".repeat(300));
        }
        assertThat(err.toString().split("\r")).allMatch(line -> line.length() <= 100 + "\033[K\n".length());
    }
}
