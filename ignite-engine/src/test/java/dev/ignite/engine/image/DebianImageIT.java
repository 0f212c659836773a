package dev.ignite.engine.image;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.oci.TestTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The full OS image: Debian 12 boots with systemd as PID 1 and reaches running (or degraded). */
class DebianImageIT {
    private static Ignite ignite;

    @BeforeAll
    static void images() {
        TestTools.assumeInstalled("mmdebstrap", "mmdebstrap");
        ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        ignite.defaults().ensureDebianImage(message -> { });
    }

    @Test
    void systemdIsPid1AndTheSystemComesUp() {
        // systemd under TCG emulation takes minutes: a generous boot timeout.
        VmSpec spec = VmSpec.builder(Ignite.DEBIAN_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(512)
                .setBootTimeout(Duration.ofMinutes(8)).build();
        try (Vm vm = ignite.launch(spec)) {
            assertThat(vm.exec("cat /proc/1/comm").stdout().strip()).isEqualTo("systemd");
            ExecResult state = vm.exec(ExecRequest.builder("systemctl is-system-running --wait")
                    .setTimeout(Duration.ofMinutes(8)).build());
            assertThat(state.stdout().strip())
                    .as("system state; failed units: %s", vm.exec("systemctl --failed --no-legend").stdout())
                    .isIn("running", "degraded");
            assertThat(vm.exec("ip -o addr show dev eth0").stdout()).contains("10.0.2.15");
            assertThat(vm.exec("ls /etc/ssh/ssh_host_ed25519_key").exitCode()).isZero();
        }
    }
}
