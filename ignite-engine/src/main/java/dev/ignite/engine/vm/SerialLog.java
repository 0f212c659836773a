package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A VM's serial console as logged to a file (everything the guest printed, attached or not): tails
 * for error messages, boot-failure markers, and following it while the VM runs.
 */
public final class SerialLog {
    private static final String PANIC = "Kernel panic - not syncing";
    /** Kernel errors on a console: a panic, an oops or a {@code BUG:} (a test that saw one fails). */
    public static final Pattern KERNEL_ERROR = Pattern.compile(PANIC + "|\\bOops\\b|\\bBUG: ");
    /** Lines that mean the guest will not come up: our init gave up, or the kernel did. */
    static final Pattern FATAL = Pattern.compile("ignite-init: FATAL.*|(end )?" + PANIC + ".*");

    private static final Duration FOLLOW_POLL = Duration.ofMillis(100);

    private final Path file;
    private final BooleanSupplier running;

    SerialLog(Path file, BooleanSupplier running) {
        this.file = file;
        this.running = running;
    }

    public Path file() {
        return file;
    }

    public String text() {
        return textFrom(0);
    }

    /** What the log holds from {@code offset} on (such as where one boot began). */
    String textFrom(long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            copy(offset, out);
        } catch (IgniteException e) {
            return "";
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public String tail(int lines) {
        List<String> all = text().replace("\r", "").lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * The byte offset where the log's last {@code lines} lines start, counted as a terminal shows
     * them (only a newline ends a line; an unterminated last line, such as a prompt, counts as
     * one): what {@code ignite logs --tail} prints from.
     */
    public long startOfLastLines(int lines) {
        byte[] bytes;
        try {
            bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new IgniteException("cannot read the serial log " + file + ": " + e.getMessage(), e);
        }
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        int seen = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        return lines == 0 ? bytes.length : 0;
    }

    /** Copies what the log holds now from {@code offset} to {@code out}; returns the offset after it. */
    public long copy(long offset, OutputStream out) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = copyAvailable(channel, offset, out);
            out.flush();
            return end;
        } catch (NoSuchFileException e) {
            return offset;
        } catch (IOException e) {
            throw new IgniteException("cannot read the serial log " + file + ": " + e.getMessage(), e);
        }
    }

    private static long copyAvailable(FileChannel channel, long offset, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long position = offset;
        int n;
        while ((n = channel.read(buffer.clear(), position)) > 0) {
            out.write(buffer.array(), 0, n);
            position += n;
        }
        return position;
    }

    /**
     * Copies the log from {@code offset} to {@code out} as it grows, until the VM's process has ended
     * and everything it printed is copied. Bytes as written, so prompts without a newline show too.
     *
     * @return the offset after the last byte copied
     */
    public long follow(long offset, OutputStream out) {
        long position = offset;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                boolean alive = running.getAsBoolean();
                position = copyAvailable(channel, position, out);
                out.flush();
                if (!alive) {
                    return position;
                }
                Thread.sleep(FOLLOW_POLL.toMillis());
            }
        } catch (NoSuchFileException e) {
            return position;
        } catch (IOException e) {
            throw new IgniteException("cannot follow the serial log " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return position;
        }
    }

    /**
     * Passes each new line from {@code offset} (without carriage returns) to {@code lines} as the
     * guest prints it, until the VM's process has ended; a last unterminated line comes at the end.
     */
    public long follow(long offset, Consumer<String> lines) {
        LineSplitter splitter = new LineSplitter(lines);
        long end = follow(offset, splitter);
        splitter.finish();
        return end;
    }

    /** Cuts a byte stream into UTF-8 lines. */
    private static final class LineSplitter extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                emit();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        void finish() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
