package dev.ignite.junit.testcontainers;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmWaitException;
import dev.ignite.engine.vm.Wait;
import dev.ignite.junit.VmWaits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Testcontainers' own extension starts and stops microVMs, with no Docker daemon involved (none runs
 * here): a static {@code @Container} lives for the class, an instance one for each test.
 */
class MicroVmContainerIT {
    static final List<String> STARTED = new CopyOnWriteArrayList<>();
    static final List<String> CONSOLE = new CopyOnWriteArrayList<>();

    @Testcontainers
    static class WebTest {
        @Container
        static MicroVmContainer<?> web = new MicroVmContainer<>()
                .withColdBoot() // its copied inittab starts the web server at boot: a clone's init already ran
                .withEnv("ROLE", "web")
                .withExposedPorts(8080)
                .withCopyFileToVm(Path.of("src/test/resources/fixtures/web/inittab"), "/etc/inittab")
                .withCopyFileToVm(Path.of("src/test/resources/fixtures/web/www"), "/www")
                .waitingFor(Wait.forHttp(8080, "/index.html"))
                .withStartupTimeout(Duration.ofSeconds(90))
                .withLogConsumer(CONSOLE::add);

        @Container
        MicroVmContainer<?> perTest = new MicroVmContainer<>();

        @Test
        void servesOnItsMappedPort() throws Exception {
            STARTED.add(web.getVm().id());
            STARTED.add(perTest.getVm().id());
            try (Socket socket = new Socket(web.getHost(), web.getMappedPort(8080))) {
                socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = socket.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("from-a-microvm");
                }
            }
            assertThat(web.execInVm("echo $ROLE").stdout()).isEqualTo("web\n");
            // A line of its own: the console may end in a prompt without a newline (getty's "login: ").
            web.execInVm("printf '\\ncontainer-marker\\n' > /dev/console");
            VmWaits.consoleText(web.getVm(), "container-marker");
            assertThat(web.getLogs()).contains("container-marker");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> CONSOLE.contains("container-marker"));
            assertThat(perTest.execInVm("hostname").exitCode()).isZero();
        }
    }

    @Test
    void theTestcontainersExtensionStartsAndStopsTheVms() {
        STARTED.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(WebTest.class)).execute().testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(STARTED).hasSize(2).doesNotHaveDuplicates();
        assertThat(Ignite.open().vms().list().stream().map(VmRecord::id)).doesNotContainAnyElementsOf(STARTED);
    }

    @Test
    void aWaitThatTimesOutNamesItselfAndWhatItSawAndLeavesNoVm() {
        MicroVmContainer<?> never = new MicroVmContainer<>().withName("never-ready")
                .waitingFor(Wait.forHttp(8080, "/health")).withStartupTimeout(Duration.ofSeconds(3));

        assertThatThrownBy(never::start).isInstanceOf(VmWaitException.class)
                .hasMessageStartingWith("VM never-ready: HTTP GET /health on port 8080 answers 200 not reached within"
                        + " 3 s; last check: no HTTP answer");
        assertThat(never.isRunning()).isFalse();
        assertThat(Ignite.open().vms().list().stream().map(VmRecord::name)).doesNotContain("never-ready");
    }
}
