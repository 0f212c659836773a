package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vmm.LaunchPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The first NIC's user network: restricted, with forwards in and only the exposed host ports out. */
class QemuUserNetworkTest {
    private static LaunchPlan.Builder plan() {
        return LaunchPlan.builder("abcdef1234", Path.of("/run/vm")).setKernel(Path.of("/k"), Path.of("/i"), "")
                .setDisks(Path.of("/root.qcow2"), Path.of("/config.ext4"), List.of()).setMachine(1, 256)
                .setForwards(List.of(new LaunchPlan.HostForward("127.0.0.1", 2222, 22)));
    }

    @Test
    void byDefaultTheGuestReachesNoHostService() {
        assertThat(QemuCommandLine.userNetdev(plan().build())).isEqualTo(
                "user,id=net0,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3,restrict=on,hostfwd=tcp:127.0.0.1:2222-:22");
    }

    @Test
    void eachExposedHostPortIsForwardedFromHostIgniteInternalToTheHostsLoopback() {
        String busybox = HostTools.require(HostTool.BUSYBOX).toString();
        assertThat(QemuCommandLine.userNetdev(plan().setHostPorts(List.of(5432, 8080)).build())).endsWith(
                ",restrict=on,hostfwd=tcp:127.0.0.1:2222-:22"
                        + ",guestfwd=tcp:10.0.2.100:5432-cmd:" + busybox + " nc 127.0.0.1 5432"
                        + ",guestfwd=tcp:10.0.2.100:8080-cmd:" + busybox + " nc 127.0.0.1 8080");
    }
}
