package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Address allocation and membership without booting anything (attach and detach start no switch). */
class NetworksTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentAttachesGetDistinctAddressesAndDetachReleasesThem() throws Exception {
        IgniteHome home = IgniteHome.at(tmp);
        Networks networks = new Networks(home);
        NetworkRef lab = NetworkRef.parse("lab");
        int count = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<NetworkAttachment>> attached = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = vm(home, i);
            attached.add(pool.submit(() -> networks.attach(id, "vm" + id, List.of(), lab)));
        }
        List<String> addresses = new ArrayList<>();
        for (Future<NetworkAttachment> a : attached) {
            addresses.add(a.get().interfaces().get(1).address());
        }
        pool.shutdown();

        assertThat(addresses).doesNotHaveDuplicates().allMatch(a -> a.matches("10\\.77\\.0\\.\\d+/24"));
        NetworkRecord network = networks.find("lab").orElseThrow();
        assertThat(network.members()).hasSize(count);
        assertThat(network.members()).extracting(NetworkMember::address)
                .containsExactlyInAnyOrderElementsOf(ipsFrom(2, count));

        String third = vm(home, 2);
        String released = network.members().stream().filter(m -> m.vmId().equals(third)).findFirst().orElseThrow().address();
        networks.detach(third, lab);
        assertThat(networks.find("lab").orElseThrow().members()).hasSize(count - 1)
                .noneMatch(m -> m.vmId().equals(third));
        NetworkAttachment next = networks.attach(vm(home, 99), "late", List.of(), lab);
        assertThat(next.interfaces().get(1).address()).isEqualTo(released + "/24");
        assertThat(next.hosts()).contains(released + " late\n").contains("# ignite-network-begin lab");

        for (NetworkMember member : networks.find("lab").orElseThrow().members()) {
            networks.detach(member.vmId(), lab);
        }
        assertThat(networks.find("lab")).isEmpty();
        assertThat(home.networks().resolve("lab")).doesNotExist();
    }

    @Test
    void eachVdeNetworkGetsItsOwnSubnetAndMembersWhoseVmIsGoneArePruned() throws Exception {
        IgniteHome home = IgniteHome.at(tmp);
        Networks networks = new Networks(home);
        networks.attach(vm(home, 1), "a", List.of(), NetworkRef.parse("one"));
        networks.attach(vm(home, 2), "b", List.of(), NetworkRef.parse("two"));
        assertThat(networks.find("one").orElseThrow().subnet()).hasToString("10.77.0.0/24");
        assertThat(networks.find("two").orElseThrow().subnet()).hasToString("10.77.1.0/24");

        Files.delete(home.vms().resolve(vm(home, 2))); // removed by a process that died before detaching
        networks.remove("two");
        assertThat(networks.find("two")).isEmpty();
        assertThat(networks.find("one")).isPresent();
    }

    @Test
    void aNameOrAliasMeansOneVmOnANetwork() throws Exception {
        IgniteHome home = IgniteHome.at(tmp);
        Networks networks = new Networks(home);
        String db = vm(home, 1);
        NetworkAttachment first = networks.attach(db, "db", List.of("database"), NetworkRef.parse("lab"));
        assertThat(first.hosts()).contains(" db database\n");

        assertThatThrownBy(() -> networks.attach(vm(home, 2), "replica", List.of("database"), NetworkRef.parse("lab")))
                .isInstanceOf(IgniteException.class)
                .hasMessage("the name 'database' is taken on network 'lab' by VM db (ID " + db
                        + "): choose another name or alias");
        assertThat(networks.find("lab").orElseThrow().members()).extracting(NetworkMember::hostname)
                .containsExactly("db");
        networks.attach(vm(home, 3), "replica", List.of("database"), NetworkRef.parse("other"));
    }

    @Test
    void theUserNetworkNeedsNothingFromTheStore() {
        IgniteHome home = IgniteHome.at(tmp);
        NetworkAttachment user = new Networks(home).attach("abcdef1234", "solo", List.of(), NetworkRef.parse("user"));
        assertThat(user.interfaces()).singleElement().satisfies(nic -> assertThat(nic.configFile())
                .isEqualTo("MAC=52:54:ab:cd:ef:12\nADDRESS=10.0.2.15/24\nGATEWAY=10.0.2.2\nDNS=10.0.2.3\n"));
        assertThat(user.hosts()).as("the one name for the host").isEqualTo("10.0.2.100 host.ignite.internal\n");
        assertThat(home.networks()).isEmptyDirectory();
    }

    private static String vm(IgniteHome home, int i) throws Exception {
        String id = String.format("%010x", i);
        Files.createDirectories(home.vms().resolve(id));
        return id;
    }

    private static List<String> ipsFrom(int first, int count) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ips.add("10.77.0." + (first + i));
        }
        return ips;
    }
}
