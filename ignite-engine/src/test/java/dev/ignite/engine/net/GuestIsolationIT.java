package dev.ignite.engine.net;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest reaches no service on the host's 127.0.0.1 (which QEMU's user network would show it at
 * 10.0.2.2), except a port the VM exposes on purpose, and that only at host.ignite.internal.
 */
class GuestIsolationIT {
    private HostService exposed;
    private HostService hidden;

    @BeforeEach
    void hostServices() throws IOException {
        exposed = new HostService("exposed");
        hidden = new HostService("hidden");
    }

    @AfterEach
    void stopServices() throws IOException {
        exposed.close();
        hidden.close();
    }

    @Test
    void onlyTheExposedHostPortIsReachableAndOnlyAtHostIgniteInternal() {
        Ignite ignite = TestEngine.openWithDefaults();
        VmSpec spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192)
                .addHostPort(exposed.port()).build();
        try (Vm vm = ignite.launch(spec)) {
            assertThat(fetch(vm, HostAlias.NAME, exposed.port()).stdout())
                    .as("the exposed port at host.ignite.internal").contains("hello from exposed");
            assertThat(vm.exec("grep " + HostAlias.NAME + " /etc/hosts").stdout())
                    .isEqualTo(HostAlias.ADDRESS + " " + HostAlias.NAME + "\n");

            assertThat(fetch(vm, "10.0.2.2", exposed.port()).stdout()).as("the gateway, exposed port").isEmpty();
            assertThat(fetch(vm, "10.0.2.2", hidden.port()).stdout()).as("the gateway, another port").isEmpty();
            assertThat(fetch(vm, HostAlias.NAME, hidden.port()).stdout()).as("the alias, another port").isEmpty();
            assertThat(hidden.connections()).as("connections that reached the hidden service").isZero();
            assertThat(exposed.connections()).as("connections that reached the exposed service").isEqualTo(1);
        }
    }

    private static ExecResult fetch(Vm vm, String host, int port) {
        return vm.exec("nc -w 3 " + host + " " + port + " </dev/null");
    }

    /** A TCP service on the host's loopback that greets and counts whoever connects. */
    private static final class HostService implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        HostService(String name) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
                        connections.incrementAndGet();
                        out.write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // closed: the test is over
                    }
                }
            }, "host-service-" + name);
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
