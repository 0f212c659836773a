package dev.ignite.engine.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Reads a stream to its end as UTF-8 text on a thread of its own (blocking reads stay off the common pool). */
public final class StreamText {
    private StreamText() {
    }

    public static CompletableFuture<String> readAsync(InputStream in, String threadName) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                text.complete(out.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
