package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The console's log file read as lines from byte offsets, so a search can resume where it stopped. */
final class ConsoleLog {
    /** Terminal escape sequences (busybox's shell asks for the cursor position with ESC [6n at each prompt). */
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-?]*[ -/]*[@-~]|[@-Z\\\\-_])|\r");

    private final Path file;

    ConsoleLog(Path file) {
        this.file = file;
    }

    /**
     * A search from {@code from}: the first matching line and the offset just past it, or no match
     * and the offset of the first incomplete line (complete lines that did not match never will).
     */
    record Scan(String match, long next) {
    }

    Scan scan(long from, Pattern pattern) {
        byte[] bytes = read(from);
        int lineStart = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean complete = i < bytes.length && bytes[i] == '\n';
            if (!complete && i < bytes.length) {
                continue;
            }
            if (!complete && i == lineStart) {
                break;
            }
            String line = clean(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
            int next = complete ? i + 1 : i;
            if (pattern.matcher(line).find()) {
                return new Scan(line, from + next);
            }
            if (!complete) {
                return new Scan(null, from + lineStart);
            }
            lineStart = next;
        }
        return new Scan(null, from + lineStart);
    }

    static String clean(String line) {
        return ESCAPES.matcher(line).replaceAll("");
    }

    long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    String tail(int lines) {
        byte[] all = read(0);
        List<String> cleaned = new ArrayList<>();
        new String(all, StandardCharsets.UTF_8).lines().map(ConsoleLog::clean).forEach(cleaned::add);
        return String.join("\n", cleaned.subList(Math.max(0, cleaned.size() - lines), cleaned.size()));
    }

    private byte[] read(long from) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (from >= size) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
                // reads until the buffer is full; the file only grows
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new IgniteException("cannot read the console log " + file + ": " + e.getMessage(), e);
        }
    }
}
