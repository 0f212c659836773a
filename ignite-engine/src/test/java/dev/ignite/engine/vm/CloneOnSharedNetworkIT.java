package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.net.MacAddress;
import dev.ignite.engine.net.NetworkMember;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clones of one template on a vde network: each takes its own MAC and address over from the
 * template's after the restore, and they reach each other by name (ping and HTTP).
 */
class CloneOnSharedNetworkIT {
    @Test
    void clonesOnAVdeNetworkHaveTheirOwnMacAndAddressAndReachEachOtherByName() {
        Ignite ignite = TestEngine.openWithDefaults();
        String network = "cl-" + UUID.randomUUID().toString().substring(0, 6);
        VmSpec.Builder spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(160)
                .setNetwork(network).setBootTimeout(Duration.ofMinutes(4));
        try (Vm server = ignite.launch(spec.setName(network + "-server").build());
             Vm client = ignite.launch(spec.setName(network + "-client").build())) {
            assertThat(server.record().snapshotId()).as("a clone").isNotNull().isEqualTo(client.record().snapshotId());
            for (Vm vm : new Vm[] {server, client}) {
                NetworkMember member = ignite.networks().find(network).orElseThrow().members().stream()
                        .filter(m -> m.vmId().equals(vm.id())).findFirst().orElseThrow();
                String nic = "$(grep -l " + MacAddress.of(vm.id(), 1) + " /sys/class/net/*/address | cut -d/ -f5)";
                ExecResult own = vm.exec("ip -o -4 addr show dev " + nic);
                assertThat(own.stdout()).as("%s: its own MAC names its NIC, which has its own address", vm.name())
                        .contains(" " + member.address() + "/24");
            }
            ExecResult ping = client.exec("ping -c1 -W2 " + server.hostname());
            assertThat(ping.exitCode()).as("%s", ping).isZero();
            assertThat(server.exec("ping -c1 -W2 " + client.hostname()).exitCode()).isZero();
            server.execOrFail("mkdir -p /srv/www && hostname > /srv/www/index.html && (httpd -p 80 -h /srv/www &)");
            ExecResult page = client.exec("for i in 1 2 3 4 5; do timeout 5 wget -q -O - http://" + server.hostname()
                    + "/index.html && exit 0; sleep 0.5; done; exit 1");
            assertThat(page.stdout().strip()).as("%s", page).isEqualTo(server.hostname());
        }
        assertThat(ignite.networks().find(network)).isEmpty();
    }
}
