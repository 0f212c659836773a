package dev.ignite.engine.net;

import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bridge network, as root only, entirely inside a network namespace this test makes (and deletes):
 * the engine runs in a child JVM under {@code ip netns exec}, so the bridge, its TAPs and all traffic
 * stay in that namespace and the host's own network is never touched.
 */
class BridgeNetworkIT {
    @Test
    void twoVmsOnTheBridgeReachEachOtherAndTheHostSide() {
        assumeTrue(LinuxBridge.hasNetAdmin(), "the bridge network needs root (CAP_NET_ADMIN)");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String namespace = "ignite-test-" + suffix;
        assumeTrue(run(Duration.ofSeconds(10), "ip", "netns", "add", namespace).succeeded(),
                "cannot create network namespaces here");
        try {
            assertThat(run(Duration.ofSeconds(10), "ip", "-n", namespace, "link", "set", "lo", "up").succeeded()).isTrue();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            CommandResult scenario = run(Duration.ofMinutes(10), "ip", "netns", "exec", namespace, java,
                    "-cp", System.getProperty("java.class.path"), BridgeScenario.class.getName(), suffix);
            System.out.print(scenario.stdout());
            assertThat(scenario.stdout()).as("exit %d, stderr:%n%s", scenario.exitCode(), scenario.stderr())
                    .contains(BridgeScenario.PASSED);
            assertThat(scenario.exitCode()).isZero();
        } finally {
            run(Duration.ofSeconds(10), "ip", "netns", "del", namespace);
        }
        assertThat(run(Duration.ofSeconds(10), "ip", "netns", "list").stdout()).doesNotContain(namespace);
    }

    private static CommandResult run(Duration timeout, String... command) {
        return HostCommand.run(List.of(command), null, timeout);
    }
}
