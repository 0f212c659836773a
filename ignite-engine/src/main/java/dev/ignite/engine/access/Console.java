package dev.ignite.engine.access;

import dev.ignite.engine.host.Sleep;
import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A VM's serial console: type into it over its unix socket, wait for text in its log, or attach a
 * terminal. The log holds everything the guest printed, attached or not, so {@link #expect} reads
 * the log (never the socket) from a cursor that each match moves past; {@link #skipToEnd()} waits
 * only for what comes after now. A console object is for one thread at a time.
 */
public final class Console {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 15;

    private final String vmName;
    private final Path socket;
    private final ConsoleLog log;
    private final BooleanSupplier running;
    private long position;

    /**
     * @param running whether the VM's process is still alive; waits end when it is not
     */
    public Console(String vmName, Path socket, Path log, BooleanSupplier running) {
        this.vmName = vmName;
        this.socket = socket;
        this.log = new ConsoleLog(log);
        this.running = running;
    }

    /** Whether the VM's process is alive, so its console can be typed into or attached to. */
    public boolean running() {
        return running.getAsBoolean();
    }

    public Path socket() {
        return socket;
    }

    /** The cursor: the byte offset in the log where the next {@link #expect} starts looking. */
    public long position() {
        return position;
    }

    public Console seek(long offset) {
        this.position = offset;
        return this;
    }

    /** Moves the cursor to the end of the log: the next {@link #expect} sees only new output. */
    public Console skipToEnd() {
        return seek(log.size());
    }

    public String expect(String text, Duration timeout) {
        return expect(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /**
     * Waits until a console line after the cursor contains a match, and returns that line (without
     * carriage returns and terminal escape sequences). A line still being written (a prompt) counts.
     * The cursor moves past the matching line.
     *
     * @throws IgniteException on timeout, or when the VM stops first; the message quotes the console's tail
     */
    public String expect(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long from = position;
        while (true) {
            boolean wasRunning = running.getAsBoolean();
            ConsoleLog.Scan scan = log.scan(from, pattern);
            if (scan.match() != null) {
                position = scan.next();
                return scan.match();
            }
            from = scan.next();
            if (!wasRunning) {
                throw failure("VM " + vmName + " stopped before its console printed a line matching /" + pattern + "/");
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("VM " + vmName + "'s console printed no line matching /" + pattern + "/ within "
                        + timeout.toMillis() / 1000.0 + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    private IgniteException failure(String message) {
        return new IgniteException(message + "\n--- console (last lines) ---\n" + log.tail(TAIL_LINES));
    }

    /**
     * Types text into the console as is (end a line with {@code "\n"}, or use {@link #sendLine}).
     * Returns once QEMU has taken all of it. While another client is attached, QEMU serves this
     * connection only after that one leaves, so the text waits until then (up to 10 s).
     */
    public Console send(String text) {
        try (SocketChannel channel = connect()) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            awaitConsumed(channel);
        } catch (IOException e) {
            throw new IgniteException("cannot type into the console of VM " + vmName + " (" + socket + "): "
                    + e.getMessage(), e);
        }
        return this;
    }

    public Console sendLine(String line) {
        return send(line + "\n");
    }

    /**
     * Closing right after writing could drop input that QEMU has not read yet. Half-closing instead
     * makes QEMU read to the end, then hang up; what it echoes meanwhile is in the log already.
     */
    private void awaitConsumed(SocketChannel channel) throws IOException {
        channel.shutdownOutput();
        channel.configureBlocking(false);
        ByteBuffer discard = ByteBuffer.allocate(8192);
        Instant deadline = Instant.now().plus(SEND_TIMEOUT);
        while (channel.read(discard.clear()) >= 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("QEMU did not take the input within " + SEND_TIMEOUT.toSeconds()
                        + " s: is another client attached to the console?");
            }
            sleep(Duration.ofMillis(10));
        }
    }

    /**
     * Connects a terminal until the detach keys, the end of {@code in}, or the VM stops; the VM keeps
     * running. The caller puts a real terminal in raw mode first.
     */
    public ConsoleAttachment.Ending attach(InputStream in, OutputStream out, DetachKeys keys) {
        try {
            return ConsoleAttachment.run(connect(), in, out, keys);
        } catch (IOException e) {
            throw new IgniteException("console of VM " + vmName + " failed: " + e.getMessage(), e);
        }
    }

    private SocketChannel connect() throws IOException {
        if (!running.getAsBoolean()) {
            throw new IgniteException("VM " + vmName + " is not running: its console is closed");
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        Sleep.sleep(d, "a VM's console");
    }

    @Override
    public String toString() {
        return "console of VM " + vmName + " at " + socket;
    }
}
