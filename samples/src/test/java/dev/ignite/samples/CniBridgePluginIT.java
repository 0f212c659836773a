package dev.ignite.samples;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's CNI {@code bridge} and {@code host-local} plugins, run inside a VM exactly as a container
 * runtime runs them: they create a bridge, a veth pair into a network namespace and hand out an
 * address. The VM's kernel is ours to change (bridge and veth modules loaded by the test), and what
 * the plugins break stays in the VM.
 */
@IgniteTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "cniPluginsInstalled",
        disabledReason = "the host lacks Debian's CNI plugins: apt-get install containernetworking-plugins")
class CniBridgePluginIT {
    static final String PLUGINS = "/usr/lib/cni";

    @MicroVM(copy = {PLUGINS + "/bridge:/opt/cni/bin/bridge", PLUGINS + "/host-local:/opt/cni/bin/host-local",
            "src/test/resources/cni/bridge.conf.json:/etc/cni/net.d/bridge.conf.json"})
    static Vm vm;

    static boolean cniPluginsInstalled() {
        return Files.isExecutable(Path.of(PLUGINS, "bridge")) && Files.isExecutable(Path.of(PLUGINS, "host-local"));
    }

    @BeforeAll
    static void loadTheModulesTheBridgePluginNeeds() {
        GuestSetup.loadModules(vm, "net/llc/llc.ko", "net/802/stp.ko", "net/bridge/bridge.ko", "drivers/net/veth.ko");
        // A named network namespace as `ip netns add` makes it; busybox unshare binds it to the file.
        vm.execOrFail("mkdir -p /run/netns && for ns in c1 c2; do touch /run/netns/$ns && unshare --net=/run/netns/$ns true; done");
    }

    private static String cni(String command, String container) {
        return vm.execOrFail(ExecRequest.builder("/opt/cni/bin/bridge < /etc/cni/net.d/bridge.conf.json")
                .addEnv("CNI_COMMAND", command).addEnv("CNI_CONTAINERID", container)
                .addEnv("CNI_NETNS", "/run/netns/" + container).addEnv("CNI_IFNAME", "eth0")
                .addEnv("CNI_PATH", "/opt/cni/bin").build()).stdout();
    }

    private static String inNamespace(String container, String command) {
        return vm.execOrFail("nsenter --net=/run/netns/" + container + " " + command).stdout();
    }

    @Test
    @Order(1)
    void addConnectsANamespaceToTheBridge() {
        String result = cni("ADD", "c1");

        assertThat(result).contains("\"address\": \"10.22.0.2/16\"").contains("\"gateway\": \"10.22.0.1\"");
        assertThat(vm.execOrFail("ip -o addr show cni0").stdout()).contains("inet 10.22.0.1/16");
        assertThat(vm.execOrFail("ls /sys/class/net/cni0/brif").stdout()).startsWith("veth");
        assertThat(inNamespace("c1", "ip -o addr show eth0")).contains("inet 10.22.0.2/16");
        assertThat(inNamespace("c1", "ip route")).contains("default via 10.22.0.1");
    }

    @Test
    @Order(2)
    void twoNamespacesReachEachOtherAndTheHostThroughTheBridge() {
        assertThat(cni("ADD", "c2")).contains("\"address\": \"10.22.0.3/16\"");

        inNamespace("c2", "ping -c 1 -W 5 10.22.0.2");
        inNamespace("c1", "ping -c 1 -W 5 10.22.0.1");
        vm.execOrFail("ping -c 1 -W 5 10.22.0.3");
    }

    @Test
    @Order(3)
    void delRemovesTheVethAndReleasesTheAddress() {
        assertThat(vm.execOrFail("ls /var/lib/cni/networks/samples").stdout()).contains("10.22.0.2");

        cni("DEL", "c1");

        assertThat(vm.execOrFail("ls /var/lib/cni/networks/samples").stdout()).doesNotContain("10.22.0.2");
        assertThat(inNamespace("c1", "ip -o link").trim()).doesNotContain("eth0");
        assertThat(vm.execOrFail("ls /sys/class/net/cni0/brif | wc -l").stdout().strip()).isEqualTo("1");
    }
}
