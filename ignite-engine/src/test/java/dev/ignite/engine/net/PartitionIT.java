package dev.ignite.engine.net;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Three VMs on one vde network: two are partitioned from each other while both still reach the third. */
class PartitionIT {
    @Test
    void aPartitionCutsTwoMembersApartAndHealsAgain() throws Exception {
        Ignite ignite = Ignite.open();
        ignite.defaults().ensureDefaults();
        String network = "part-" + Long.toHexString(System.nanoTime() & 0xffffff);
        List<Vm> vms = new ArrayList<>();
        ExecutorService boot = Executors.newFixedThreadPool(3);
        try {
            List<Future<Vm>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(boot.submit(() -> ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL)
                        .setMemoryMib(160).setNetwork(network).build())));
            }
            for (Future<Vm> vm : started) {
                vms.add(vm.get());
            }
            Vm a = vms.get(0);
            Vm b = vms.get(1);
            Vm c = vms.get(2);
            assertThat(reaches(a, b)).isTrue();

            a.network().partitionFrom(b);
            assertThat(reaches(a, b)).as("a -> b cut").isFalse();
            assertThat(reaches(b, a)).as("b -> a cut").isFalse();
            assertThat(reaches(a, c)).as("a still reaches c").isTrue();
            assertThat(reaches(b, c)).as("b still reaches c").isTrue();

            a.network().heal(b);
            assertThat(reaches(a, b)).as("healed").isTrue();
            assertThat(reaches(b, a)).isTrue();
        } finally {
            boot.shutdownNow();
            for (Vm vm : vms) {
                vm.close();
            }
        }
    }

    private static boolean reaches(Vm from, Vm to) {
        return from.exec("ping -c 1 -W 2 " + to.hostname()).exitCode() == 0;
    }
}
