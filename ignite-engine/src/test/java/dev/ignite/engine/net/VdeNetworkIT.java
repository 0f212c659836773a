package dev.ignite.engine.net;

import dev.ignite.engine.host.CloseAll;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five VMs booted in parallel on one vde network find each other by name (including those that
 * joined after a VM was created), and the network with its switch is gone when the last VM is.
 */
class VdeNetworkIT {
    private static final int VMS = 5;

    @Test
    void vmsOnOneVdeNetworkPingEachOtherByNameAndTheNetworkGoesWithTheLastVm() throws Exception {
        Ignite ignite = TestEngine.openWithDefaults();
        String network = "it-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> names = IntStream.range(0, VMS).mapToObj(i -> network + "-vm" + i).toList();
        List<Vm> vms = new CopyOnWriteArrayList<>();
        long switchPid;

        ExecutorService boots = Executors.newFixedThreadPool(VMS);
        try {
            List<Future<Vm>> booted = new ArrayList<>();
            for (String name : names) {
                VmSpec spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setName(name)
                        .setMemoryMib(160).setNetwork(network).setBootTimeout(Duration.ofMinutes(4)).build();
                booted.add(boots.submit(() -> {
                    Vm vm = ignite.launch(spec);
                    vms.add(vm);
                    return vm;
                }));
            }
            for (Future<Vm> vm : booted) {
                vm.get(6, TimeUnit.MINUTES);
            }
            switchPid = ignite.networks().switchProcess(network).orElseThrow().pid();
            assertThat(ignite.networks().find(network).orElseThrow().members()).hasSize(VMS);

            for (Vm vm : vms) {
                List<String> others = names.stream().filter(n -> !n.equals(vm.name())).toList();
                ExecResult hosts = vm.exec("cat /etc/hosts");
                assertThat(hosts.stdout()).as("/etc/hosts of %s", vm.name()).contains(others);
                ExecResult pings = vm.exec("for n in " + String.join(" ", others) + "; do"
                        + " if ping -c1 -W2 $n >/dev/null 2>&1; then echo ok $n; else echo FAILED $n; fi; done");
                assertThat(pings.stdout().lines().toList()).as("pings from %s", vm.name())
                        .containsExactlyElementsOf(others.stream().map(n -> "ok " + n).toList());
            }
        } finally {
            boots.shutdownNow();
            CloseAll.close(vms);
        }

        assertThat(ignite.networks().find(network)).isEmpty();
        assertThat(Files.exists(ignite.home().networks().resolve(network))).isFalse();
        assertThat(ProcessHandle.of(switchPid).filter(ProcessHandle::isAlive)).as("vde_switch %d", switchPid).isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("qemu")))
                .isEmpty();
    }

    /** The config drive of the first VM cannot know the second: the engine tells the first once the second runs. */
    @Test
    void aVmThatJoinsLaterIsFoundByNameFromAnEarlierOne() {
        Ignite ignite = TestEngine.openWithDefaults();
        String network = "it-" + UUID.randomUUID().toString().substring(0, 6);
        VmSpec.Builder spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(160)
                .setNetwork(network).setBootTimeout(Duration.ofMinutes(4));
        try (Vm first = ignite.launch(spec.setName(network + "-first").build());
             Vm late = ignite.launch(spec.setName(network + "-late").build())) {
            ExecResult ping = first.exec("ping -c1 -W2 " + late.name());
            assertThat(ping.exitCode()).as("%s", ping).isZero();
        }
        assertThat(ignite.networks().find(network)).isEmpty();
    }
}
