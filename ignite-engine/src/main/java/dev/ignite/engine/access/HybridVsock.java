package dev.ignite.engine.access;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Firecracker's hybrid vsock, host side: a connection to the vsock device's unix socket asks for a
 * guest port with {@code CONNECT <port>\n}; the VMM answers {@code OK <host port>\n} once the guest
 * accepted, or closes the connection when nothing listens there. From then on the socket carries
 * the guest connection's bytes.
 */
final class HybridVsock {
    /** The longest answer Firecracker gives: "OK " and a 32-bit port number. */
    private static final int MAX_ANSWER = 32;

    private HybridVsock() {
    }

    /**
     * Asks for {@code port} on {@code channel} (connected, non-blocking) and reads the answer, one
     * byte at a time so that nothing after it is taken from the guest's stream.
     */
    static void connect(SocketChannel channel, int port, Duration timeout) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(("CONNECT " + port + "\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder answer = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the VMM did not answer CONNECT " + port + " within " + timeout.toMillis()
                            + " ms (is the guest agent listening on vsock port " + port + "?)");
                }
                selector.select(Math.max(1, left / 1_000_000));
                if (request.hasRemaining()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    continue;
                }
                int n = channel.read(one.clear());
                if (n < 0) {
                    throw new IOException("the VMM refused CONNECT " + port + " (nothing listens on the guest's"
                            + " vsock port " + port + (answer.length() > 0 ? "; it said '" + answer + "'" : "") + ")");
                }
                if (n == 0) {
                    continue;
                }
                char c = (char) (one.get(0) & 0xff);
                if (c == '\n') {
                    break;
                }
                answer.append(c);
                if (answer.length() > MAX_ANSWER) {
                    throw new IOException("the VMM's answer to CONNECT " + port + " is not Firecracker's: '"
                            + answer + "…'");
                }
            }
            key.cancel();
        }
        if (!answer.toString().matches("OK \\d{1,10}")) {
            throw new IOException("the VMM's answer to CONNECT " + port + " is not Firecracker's 'OK <port>': '"
                    + answer + "'");
        }
    }
}
