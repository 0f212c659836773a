package dev.ignite.engine.vmm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;
import dev.ignite.engine.vmm.ChannelDeadline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A QEMU Machine Protocol client over the VM's control socket (JDK unix sockets, no native code).
 * Synchronous: one command at a time, asynchronous events skipped. Every exchange (connecting with
 * the greeting, each command) has a deadline: a frozen or wedged QEMU fails it, never hangs it.
 */
final class Qmp implements AutoCloseable {
    /** A live QEMU answers in milliseconds, also under TCG on a loaded host. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SocketChannel channel;
    private final Duration timeout;
    private final BufferedReader in;
    private final OutputStream out;

    private Qmp(SocketChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    static Qmp connect(Path socket) throws IOException {
        return connect(socket, TIMEOUT);
    }

    static Qmp connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Qmp qmp = new Qmp(channel, timeout);
        try {
            try (ChannelDeadline ignored = ChannelDeadline.arm(channel, timeout)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                qmp.readMessage(); // greeting
            } catch (ClosedByInterruptException e) {
                throw interrupted("its greeting", e);
            } catch (ClosedChannelException e) {
                throw new TimeoutException("QEMU did not greet on " + socket + " within " + timeout.toMillis() + " ms", e);
            }
            qmp.execute("qmp_capabilities", null);
            return qmp;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    synchronized JsonNode execute(String command, ObjectNode arguments) throws IOException {
        ObjectNode request = Json.MAPPER.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        try (ChannelDeadline ignored = ChannelDeadline.arm(channel, timeout)) {
            out.write((Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode reply = readMessage();
                if (reply.has("return")) {
                    return reply.get("return");
                }
                if (reply.has("error")) {
                    throw new IgniteException("QEMU refused " + command + ": " + reply.get("error").path("desc").asText());
                }
            }
        } catch (ClosedByInterruptException e) {
            throw interrupted("the answer to " + command, e);
        } catch (ClosedChannelException e) {
            throw new TimeoutException("QEMU did not answer " + command + " within " + timeout.toMillis() + " ms", e);
        }
    }

    private static InterruptedIOException interrupted(String what, ClosedByInterruptException cause) {
        InterruptedIOException e = new InterruptedIOException("interrupted while waiting for " + what + " from QEMU");
        e.initCause(cause);
        return e;
    }

    private JsonNode readMessage() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QEMU closed its control socket");
        }
        return Json.MAPPER.readTree(line);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket whose peer is gone has nothing left to report.
        }
    }

    /** The monitor missed a deadline: QEMU is frozen or wedged, not merely gone. */
    static final class TimeoutException extends IOException {
        TimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
