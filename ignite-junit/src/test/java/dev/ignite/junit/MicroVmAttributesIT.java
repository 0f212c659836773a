package dev.ignite.junit;

import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every {@link MicroVM} attribute reaches the VM; the waits pass on what is there and explain what is not. */
@IgniteTest
class MicroVmAttributesIT {
    /** A host port the VM may reach at host.ignite.internal (an annotation needs a constant). */
    static final int HOST_PORT = 47219;

    @MicroVM(cpus = 2, memoryMib = 320, diskSizeMib = 400,
            copy = "src/test/resources/fixtures/greeting.txt:/etc/greeting.txt",
            env = {"GREETING=hello", "EMPTY="},
            ports = "8080",
            hostPorts = MicroVmAttributesIT.HOST_PORT,
            kernelArgs = "ignite.test=attributes")
    static Vm vm;

    @Test
    void copiesFilesBeforeBoot() {
        assertThat(vm.execOrFail("cat /etc/greeting.txt").stdout()).isEqualTo("hello from the host\n");
    }

    @Test
    void writesTheEnvironment() {
        assertThat(vm.execOrFail("cat /etc/environment").stdout()).contains("GREETING=hello");
    }

    @Test
    void appendsKernelArgs() {
        assertThat(vm.execOrFail("cat /proc/cmdline").stdout()).contains("ignite.test=attributes");
    }

    @Test
    void sizesCpusMemoryAndDisk() {
        assertThat(vm.execOrFail("nproc").stdout().strip()).isEqualTo("2");
        long rootKib = Long.parseLong(vm.execOrFail("df -k / | awk 'NR == 2 { print $2 }'").stdout().strip());
        assertThat(rootKib).isGreaterThan(350 * 1024);
        assertThat(vm.spec().memoryMib()).isEqualTo(320);
    }

    @Test
    void publishesPortsOnTheHostsLoopback() throws IOException {
        vm.execOrFail("mkdir -p /srv/www && echo published > /srv/www/index.html"
                + " && (httpd -p 8080 -h /srv/www &) >/dev/null 2>&1");
        VmWaits.portOpen(vm, 8080);
        assertThat(vm.spec().ports()).containsExactly(new PortMapping("127.0.0.1", 0, 8080));
        try (Socket socket = new Socket("127.0.0.1", vm.publishedPort(8080))) {
            socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("published");
            }
        }
    }

    @Test
    void reachesAnExposedHostPortAtHostIgniteInternal() throws IOException {
        ServerSocket server;
        try {
            server = new ServerSocket(HOST_PORT, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            assumeTrue(false, "host port " + HOST_PORT + " is taken on this host: " + e.getMessage());
            return;
        }
        try (server) {
            Thread greeter = new Thread(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("hello from the host\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the test ended first
                }
            });
            greeter.setDaemon(true);
            greeter.start();
            assertThat(vm.exec("nc -w 5 host.ignite.internal " + HOST_PORT + " </dev/null").stdout())
                    .isEqualTo("hello from the host\n");
        }
    }

    @Test
    void waitsForFilesConsoleTextAndCommands() {
        vm.execOrFail("(sleep 1; touch /tmp/ready; echo console-marker > /dev/console) >/dev/null 2>&1 &");
        VmWaits.fileExists(vm, "/tmp/ready");
        VmWaits.consoleText(vm, "console-marker");
        VmWaits.commandSucceeds(vm, "test -f /tmp/ready");
    }

    @Test
    void aTimeoutNamesTheVmTheConditionAndTheLastCheck() {
        assertThatThrownBy(() -> VmWaits.fileExists(vm, "/nowhere", Duration.ofSeconds(2)))
                .isInstanceOf(VmWaitTimeoutException.class)
                .hasMessageStartingWith("VM " + vm.name() + ": file /nowhere exists not reached within 2 s; last check:"
                        + " `test -e '/nowhere'` exited 1");
        assertThatThrownBy(() -> VmWaits.portOpen(vm, 9, Duration.ofSeconds(1)))
                .hasMessageStartingWith("VM " + vm.name() + ": TCP port 9 open not reached within 1 s");
    }

    @Test
    void startsFromASnapshotWithWarmup(@MicroVM(warmup = "echo warmed > /root/warmup") Vm clone) {
        assertThat(clone.execOrFail("cat /root/warmup").stdout()).isEqualTo("warmed\n");
        assertThat(clone.record().snapshotId()).isNotNull();
        assertThat(clone.bootTime()).isLessThan(Duration.ofSeconds(30));
    }
}
