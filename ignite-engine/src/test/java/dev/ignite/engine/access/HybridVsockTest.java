package dev.ignite.engine.access;

import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host side of Firecracker's hybrid vsock (its vsock device's unix socket), against a stand-in
 * that answers as Firecracker's documented muxer does: {@code CONNECT <port>\n}, then
 * {@code OK <host port>\n} and the guest's bytes, or the connection closed when nothing listens.
 * (Firecracker cannot run on these hosts; the guest's vsock listener is tested in VsockAgentIT.)
 */
class HybridVsockTest {
    @TempDir
    Path tmp;

    private ServerSocketChannel server;

    /** What the stand-in does with an accepted connection, given the request line it read. */
    private interface Muxer {
        void answer(SocketChannel connection, String request) throws IOException;
    }

    private AgentAddress standIn(Muxer muxer, CompletableFuture<String> request) throws IOException {
        Path socket = tmp.resolve("v.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> {
            try (SocketChannel connection = server.accept()) {
                StringBuilder line = new StringBuilder();
                ByteBuffer one = ByteBuffer.allocate(1);
                while (connection.read(one.clear()) == 1 && one.get(0) != '\n') {
                    line.append((char) one.get(0));
                }
                request.complete(line.toString());
                muxer.answer(connection, line.toString());
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return AgentAddress.hybridVsock(socket, 1024);
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static void write(SocketChannel connection, String text) throws IOException {
        connection.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void asksForTheAgentsPortAndThenSpeaksTheAgentProtocolOnTheSameConnection() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        CompletableFuture<Integer> firstFrameType = new CompletableFuture<>();
        AgentAddress address = standIn((connection, line) -> {
            write(connection, "OK 1073741824\n");
            // The agent's side: the host's first frame (its ping), answered as the agent would.
            AgentFrame ping = AgentFrame.read(connection);
            firstFrameType.complete(ping.type());
            connection.write(new AgentFrame(0, AgentFrame.PONG, "ignite-agent 1".getBytes(StandardCharsets.UTF_8)).encode());
            connection.read(ByteBuffer.allocate(1)); // until the host closes
        }, request);

        try (AgentConnection agent = AgentConnection.open("vm", address)) {
            assertThat(agent.awaitReady(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("CONNECT 1024");
        assertThat(firstFrameType.get(5, TimeUnit.SECONDS)).as("nothing of the handshake reached the agent")
                .isEqualTo(AgentFrame.PING);
    }

    @Test
    void aClosedConnectionMeansNothingListensOnThePort() throws Exception {
        AgentAddress address = standIn((connection, line) -> connection.close(), new CompletableFuture<>());

        assertThatThrownBy(() -> AgentConnection.open("vm", address)).isInstanceOf(IOException.class)
                .hasMessageContaining("refused CONNECT 1024").hasMessageContaining("vsock port 1024");
    }

    @Test
    void anAnswerThatIsNotFirecrackersFailsTheConnection() throws Exception {
        AgentAddress address = standIn((connection, line) -> write(connection, "HTTP/1.1 400 Bad Request\n"),
                new CompletableFuture<>());

        assertThatThrownBy(() -> AgentConnection.open("vm", address)).isInstanceOf(IOException.class)
                .hasMessageContaining("not Firecracker's 'OK <port>'").hasMessageContaining("HTTP/1.1 400");
    }

    @Test
    void aSilentMuxerFailsTheConnectionAfterAWhileInsteadOfHanging() throws Exception {
        AgentAddress address = standIn((connection, line) -> connection.read(ByteBuffer.allocate(1)),
                new CompletableFuture<>());

        long started = System.nanoTime();
        assertThatThrownBy(() -> AgentConnection.open("vm", address)).isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer CONNECT 1024");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theAddressTellsOurInitWhereTheAgentListens() {
        assertThat(AgentAddress.hybridVsock(tmp, 1024).kernelArgument()).isEqualTo("ignite.agent=vsock:1024");
        assertThat(AgentAddress.virtioSerial(tmp).kernelArgument()).isEmpty();
    }
}
