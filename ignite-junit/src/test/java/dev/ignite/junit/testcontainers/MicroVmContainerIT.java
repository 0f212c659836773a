package dev.ignite.junit.testcontainers;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Testcontainers' own extension starts and stops microVMs, with no Docker daemon involved (none runs
 * here): a static {@code @Container} lives for the class, an instance one for each test.
 */
class MicroVmContainerIT {
    static final List<String> STARTED = new CopyOnWriteArrayList<>();

    @Testcontainers
    static class WebTest {
        @Container
        static MicroVmContainer<?> web = new MicroVmContainer<>()
                
                .withEnv("ROLE", "web")
                .withExposedPorts(8080)
                .waitingFor(vm -> {
                    vm.execOrFail("mkdir -p /www && echo from-a-microvm > /www/index.html && (httpd -p 8080 -h /www &)");
                    VmWaits.portOpen(vm, 8080);
                });

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
            assertThat(web.execInVm("cat /etc/environment").stdout()).contains("ROLE=web");
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
}
