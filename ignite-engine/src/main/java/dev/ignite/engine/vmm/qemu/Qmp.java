package dev.ignite.engine.vmm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A QEMU Machine Protocol client over the VM's control socket (JDK unix sockets, no native code).
 * Synchronous: one command at a time, asynchronous events skipped.
 */
final class Qmp implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private Qmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    static Qmp connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Qmp qmp = new Qmp(channel);
            qmp.readMessage(); // greeting
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
}
