package dev.ignite.engine.vmm.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A QEMU that is frozen (its socket still takes connections, the kernel queues them) or wedged (it
 * greets, then never answers) fails each QMP exchange at its deadline instead of hanging the caller.
 */
class QmpTimeoutTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void aMonitorThatNeverGreetsFailsTheConnectAtItsDeadline() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel frozen = listen(socket)) { // never accepts, like a SIGSTOPped QEMU
            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> Qmp.connect(socket, DEADLINE)).isInstanceOf(Qmp.TimeoutException.class)
                            .hasMessageContaining("QEMU did not greet on " + socket + " within 300 ms"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMonitorThatStopsAnsweringFailsTheCommandAtItsDeadline() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel wedged = listen(socket)) {
            Thread server = new Thread(() -> greetThenFallSilent(wedged), "wedged-qmp");
            server.setDaemon(true);
            server.start();
            // Long enough for the fake monitor's own answers on a loaded host.
            try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(2))) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                        assertThatThrownBy(() -> qmp.execute("quit", null)).isInstanceOf(Qmp.TimeoutException.class)
                                .hasMessage("QEMU did not answer quit within 2000 ms"));
            }
        }
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Greets and answers qmp_capabilities as QEMU does, then reads requests and answers none. */
    private static void greetThenFallSilent(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            write(client, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n");
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            client.read(buffer); // qmp_capabilities
            write(client, "{\"return\": {}}\n");
            while (client.read(buffer.clear()) >= 0) {
                continue; // wedged: takes every request, answers none
            }
        } catch (IOException ignored) {
            // the client gave up and closed: what the test wants
        }
    }

    private static void write(SocketChannel client, String line) throws IOException {
        client.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
    }
}
