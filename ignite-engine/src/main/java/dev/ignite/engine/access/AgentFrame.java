package dev.ignite.engine.access;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One frame of the guest agent's protocol (docs/agent.md): a 4-byte big-endian payload length, a
 * 4-byte stream id, a 1-byte type, the payload. Stream 0 is the connection's own (ping); every exec
 * has a stream of its own, so several run at once over one channel.
 */
record AgentFrame(int stream, int type, byte[] payload) {
    static final int HEADER = 9;
    static final int MAX_PAYLOAD = 65536;

    // host → agent
    static final int EXEC = 1;
    static final int STDIN = 2;
    static final int SIGNAL = 3;
    static final int PING = 4;
    static final int POWEROFF = 5;
    // agent → host
    static final int STDOUT = 0x81;
    static final int STDERR = 0x82;
    static final int EXIT = 0x83;
    static final int PONG = 0x84;
    static final int STDIN_ACK = 0x85;
    static final int ERROR = 0x86;
    /** Sent by a freshly started agent worker to a connected host: commands it had are gone. */
    static final int RESET = 0x87;

    /** Exec flags: run argv[0] as a shell line (the image's /bin/sh, else busybox's). */
    static final int FLAG_SHELL = 1;
    /** Exec flags: run argv through the agent's own busybox (tar for copies), whatever the image has. */
    static final int FLAG_BUSYBOX = 2;

    AgentFrame {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("agent frame payload of " + payload.length + " bytes exceeds "
                    + MAX_PAYLOAD);
        }
    }

    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length);
        buffer.putInt(payload.length).putInt(stream).put((byte) type).put(payload);
        return buffer.flip();
    }

    /** Reads one whole frame; {@link EOFException} when the channel ends, also mid-frame. */
    static AgentFrame read(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = readFully(channel, ByteBuffer.allocate(HEADER));
        int length = header.getInt(0);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("the guest agent sent a frame of " + Integer.toUnsignedString(length)
                    + " bytes (at most " + MAX_PAYLOAD + ")");
        }
        byte[] payload = new byte[length];
        readFully(channel, ByteBuffer.wrap(payload));
        return new AgentFrame(header.getInt(4), header.get(8) & 0xff, payload);
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the guest agent's channel closed");
            }
        }
        return buffer;
    }

    /**
     * An exec request: flags, argc and envc (unsigned 16-bit), then the working directory (empty:
     * the agent's, /), the arguments and the {@code NAME=VALUE} environment, each NUL-terminated.
     */
    static AgentFrame exec(int stream, int flags, List<String> argv, Map<String, String> env, String workingDirectory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.write(argv.size() >> 8);
        out.write(argv.size());
        out.write(env.size() >> 8);
        out.write(env.size());
        writeString(out, workingDirectory == null ? "" : workingDirectory);
        argv.forEach(arg -> writeString(out, arg));
        env.forEach((name, value) -> writeString(out, name + "=" + value));
        return new AgentFrame(stream, EXEC, out.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("an exec argument or variable contains NUL: " + text);
            }
        }
        out.writeBytes(bytes);
        out.write(0);
    }

    /** The exit code in an EXIT frame: the command's, or 128 + the signal that ended it. */
    int exitCode() {
        return ByteBuffer.wrap(payload).getInt();
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
