package dev.ignite.engine.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads one output stream of a guest command on its own thread: keeps the whole text and hands
 * every complete line to a sink as soon as it arrives, so callers can follow long commands. A
 * failing sink does not stop the reading (a stalled reader would stall the SSH channel); its
 * first failure is reported when the text is taken.
 */
final class LineCollector {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private final Consumer<String> sink;
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private RuntimeException sinkFailure;

    private LineCollector(Consumer<String> sink) {
        this.sink = sink;
    }

    static LineCollector start(InputStream in, Consumer<String> sink, String threadName) {
        LineCollector collector = new LineCollector(sink);
        Thread reader = new Thread(() -> collector.readAll(in), threadName);
        reader.setDaemon(true);
        reader.start();
        return collector;
    }

    /** Feeds text as it would arrive from a stream; visible for tests. */
    static LineCollector feeding(Consumer<String> sink) {
        return new LineCollector(sink);
    }

    private void readAll(InputStream in) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                accept(buffer, n);
            }
            finish();
        } catch (IOException e) {
            // The channel was closed under us (timeout, VM gone): keep what arrived.
            finish();
        }
    }

    void accept(char[] chars, int count) {
        text.append(chars, 0, count);
        for (int i = 0; i < count; i++) {
            char c = chars[i];
            if (c == '\n') {
                emit();
            } else {
                line.append(c);
            }
        }
    }

    void finish() {
        if (line.length() > 0) {
            emit();
        }
        done.complete(text.toString());
    }

    private void emit() {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        String complete = line.substring(0, end);
        line.setLength(0);
        try {
            sink.accept(complete);
        } catch (RuntimeException e) {
            if (sinkFailure == null) {
                sinkFailure = e;
            }
        }
    }

    CompletableFuture<String> text() {
        return done;
    }

    /** The sink's first failure, once the text is complete. */
    RuntimeException sinkFailure() {
        return sinkFailure;
    }
}
