package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.VmState;
import dev.ignite.engine.vm.ConsoleFollower;
import dev.ignite.engine.vm.Slf4jLogConsumer;
import dev.ignite.engine.vm.Wait;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every {@link MicroVM} attribute reaches the VM; the waits pass on what is there and explain what is not. */
@IgniteTest
class MicroVmAttributesIT {
    /** A host port the VM may reach at host.ignite.internal (an annotation needs a constant). */
    static final int HOST_PORT = 47219;

    @MicroVM(name = "attributes-vm", aliases = "attrs", boot = BootMode.COLD, cpus = 2, memoryMib = 320, diskSizeMib = 400,
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
    void theEnvironmentReachesEveryExecAndTheServicesOfInit() {
        assertThat(vm.execOrFail("cat /etc/environment").stdout()).contains("GREETING=hello");
        assertThat(vm.execOrFail("echo \"$GREETING\"").stdout()).isEqualTo("hello\n");
        assertThat(vm.execOrFail(ExecRequest.builder("echo \"$GREETING\"").addEnv("GREETING", "own").build()).stdout())
                .as("a request's own value wins").isEqualTo("own\n");
        // getty is a service of busybox init (inittab), started before any test ran a command.
        assertThat(vm.execOrFail("tr '\\0' '\\n' </proc/$(pidof getty)/environ").stdout())
                .contains("GREETING=hello\n", "EMPTY=\n");
    }

    @Test
    void theNameIsTheHostNameAndHeldInTheStore() {
        assertThat(vm.name()).isEqualTo("attributes-vm");
        assertThat(vm.hostname()).isEqualTo("attributes-vm");
        assertThat(vm.execOrFail("hostname").stdout().strip()).isEqualTo("attributes-vm");
        assertThat(vm.spec().aliases()).containsExactly("attrs");
        VmSpec sameName = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setName("attributes-vm").build();
        assertThatThrownBy(() -> {
            try (Ignite ignite = Ignite.open()) {
                ignite.launch(sameName, LaunchOptions.builder().build()).close();
            }
        })
                .isInstanceOf(IgniteException.class)
                .hasMessage("the name 'attributes-vm' is held by VM " + vm.id() + " (RUNNING, owned by process "
                        + ProcessHandle.current().pid() + "): remove it with `ignite rm -f attributes-vm` or choose"
                        + " another name");
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
    void declaredWaitsHoldTheVmBackUntilReady(@MicroVM(boot = BootMode.COLD, waitForPorts = 8081, startupTimeoutSeconds = 90, copy = {
            "src/test/resources/fixtures/web/inittab-late:/etc/inittab",
            "src/test/resources/fixtures/web/www:/www"}) Vm late) {
        // No wait in the test: the service started 5 s after boot, and the launch waited for it.
        assertThat(late.execOrFail("wget -q -O - http://127.0.0.1:8081/index.html").stdout())
                .isEqualTo("from-a-microvm\n");
        assertThat(late.spec().waitStrategies()).containsExactly(
                Wait.forAll(Wait.forListeningPort(8081)).withStartupTimeout(Duration.ofSeconds(90)));
    }

    @Test
    void waitsForHttpStatusAndConsoleLinesAndCommandsThatFail() {
        vm.execOrFail("mkdir -p /srv/status && echo ok > /srv/status/up"
                + " && (httpd -f -p 8082 -h /srv/status </dev/null >/dev/null 2>&1 & echo $! > /tmp/status.pid)"
                + " && echo wait-marker > /dev/console && echo wait-marker > /dev/console");
        VmWaits.until(vm, Wait.forHttp(8082, "/up"));
        VmWaits.until(vm, Wait.forHttp(8082, "/missing").forStatusCode(404));
        // Not anchored at the start: the first may share its line with getty's login prompt.
        VmWaits.until(vm, Wait.forLogMessage("wait-mark.r$", 2));
        VmWaits.commandFails(vm, "test -e /srv/status/down");
        assertThatThrownBy(() -> VmWaits.until(vm, Wait.forLogMessage("wait-marker$", 3)
                .withStartupTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(VmWaitTimeoutException.class)
                .hasMessageStartingWith("VM attributes-vm: console line matching /wait-marker$/ 3 times not reached"
                        + " within 1 s; last check: 2 of 3 matching lines");
        vm.execOrFail("kill $(cat /tmp/status.pid)");
        VmWaits.portClosed(vm, 8082);
    }

    @Test
    void followsTheConsoleFromBootOnIntoConsumersAndSlf4j() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = new LegacyAbstractLogger() {
            @Override
            protected String getFullyQualifiedCallerName() {
                return null;
            }

            @Override
            protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                       Throwable t) {
                logged.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
            }

            @Override
            public boolean isTraceEnabled() {
                return false;
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public boolean isInfoEnabled() {
                return true;
            }

            @Override
            public boolean isWarnEnabled() {
                return true;
            }

            @Override
            public boolean isErrorEnabled() {
                return true;
            }
        };
        try (ConsoleFollower follower = vm.followOutput(lines::add);
             ConsoleFollower toSlf4j = vm.followOutput(new Slf4jLogConsumer(logger, vm.name()))) {
            // A line of its own: the console may end in a prompt without a newline (getty's "login: ").
            vm.execOrFail("printf '\\nfollow-marker\\n' > /dev/console");
            VmWaits.consoleText(vm, "follow-marker");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("follow-marker")
                    && logged.contains("INFO [attributes-vm] follow-marker"));
        }
        assertThat(lines).as("from boot on").anyMatch(line -> line.contains("ignite-init: switch_root"));
    }

    @Test
    void failRebootAndShutdownAsTheNixosDriverHasThem(@MicroVM Vm guest) {
        assertThat(guest.fail("test -e /nowhere").exitCode()).isEqualTo(1);
        assertThatThrownBy(() -> guest.fail("echo oops")).isInstanceOf(IgniteException.class)
                .hasMessage("VM " + guest.name() + ": `echo oops` was expected to fail but exited 0; stdout: oops");
        guest.execOrFail("echo kept > /root/kept && sync", Duration.ofSeconds(20));
        String bootId = guest.execOrFail("cat /proc/sys/kernel/random/boot_id").stdout();

        guest.reboot(Duration.ofSeconds(60));

        assertThat(guest.serialLog().text()).as("the guest's init ran its reboot path")
                .contains("The system is going down NOW!");
        assertThat(guest.execOrFail("cat /proc/sys/kernel/random/boot_id").stdout()).isNotEqualTo(bootId);
        assertThat(guest.execOrFail("cat /root/kept").stdout()).isEqualTo("kept\n");

        guest.execOrFail("(sleep 0.5; poweroff) >/dev/null 2>&1 </dev/null &");
        guest.waitForShutdown(Duration.ofSeconds(60));
        assertThat(guest.state()).isEqualTo(VmState.STOPPED);
    }

    @Test
    void startsFromASnapshotWithWarmup(@MicroVM(warmup = "echo warmed > /root/warmup") Vm clone) {
        assertThat(clone.execOrFail("cat /root/warmup").stdout()).isEqualTo("warmed\n");
        assertThat(clone.record().snapshotId()).isNotNull();
        assertThat(clone.bootTime()).isLessThan(Duration.ofSeconds(30));
    }
}
