package dev.ignite.engine.image;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.oci.RequiresTool;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full OS image: Debian 12 boots with systemd as PID 1 and comes up clean: {@code running} (not
 * degraded), no failed unit, udev made {@code dev-ttyS0.device}, and a getty on the serial console
 * shows a login prompt (what {@code ignite attach} reaches).
 */
@RequiresTool(value = "mmdebstrap", debianPackage = "mmdebstrap")
class DebianImageIT {
    private static Ignite ignite;

    @BeforeAll
    static void images() {
        ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        ignite.defaults().ensureDebianImage(message -> { });
    }

    @Test
    void systemdIsPid1AndTheSystemComesUpWithoutFailedUnitsAndWithAConsoleLogin() throws InterruptedException {
        // systemd under TCG emulation takes minutes: a generous boot timeout.
        VmSpec spec = VmSpec.builder(Ignite.DEBIAN_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(512)
                .setBootTimeout(Duration.ofMinutes(8)).build();
        try (Vm vm = ignite.launch(spec, LaunchOptions.builder().setBoot(BootMode.COLD).build())) { // the boot itself
            assertThat(vm.exec("cat /proc/1/comm").stdout().strip()).isEqualTo("systemd");
            ExecResult state = vm.exec(ExecRequest.builder("systemctl is-system-running --wait")
                    .setTimeout(Duration.ofMinutes(8)).build());
            assertThat(state.stdout().strip())
                    .as("system state; failed units: %s", vm.exec("systemctl --failed --no-legend").stdout())
                    .isEqualTo("running");
            assertThat(vm.exec("systemctl --failed --no-legend --plain").stdout()).isBlank();
            assertThat(vm.exec("systemctl show -p ActiveState --value dev-ttyS0.device").stdout().strip())
                    .isEqualTo("active");
            assertThat(vm.exec("systemctl is-active serial-getty@ttyS0.service").stdout().strip()).isEqualTo("active");
            String prompt = vm.exec("hostname").stdout().strip() + " login:";
            for (int i = 0; i < 60 && !vm.serialLog().text().contains(prompt); i++) {
                Thread.sleep(1000); // agetty prints its prompt just after the unit starts
            }
            assertThat(vm.serialLog().text()).contains(prompt);
            assertThat(vm.exec("ip -o addr show dev eth0").stdout()).contains("10.0.2.15");
            assertThat(vm.exec("ls /etc/ssh/ssh_host_ed25519_key").exitCode()).isZero();
        }
    }

    @Test
    void clonesOfTheSystemdImageHaveTheirOwnMachineIdAndComeUpRunning() {
        VmSpec spec = VmSpec.builder(Ignite.DEBIAN_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(512)
                .setBootTimeout(Duration.ofMinutes(8)).build();
        try (Vm first = ignite.launch(spec); Vm second = ignite.launch(spec)) {
            assertThat(first.record().snapshotId()).as("clones of one template").isNotNull()
                    .isEqualTo(second.record().snapshotId());
            String firstId = first.execOrFail("cat /etc/machine-id").stdout().strip();
            String secondId = second.execOrFail("cat /etc/machine-id").stdout().strip();
            assertThat(firstId).matches("[0-9a-f]{32}").isNotEqualTo(secondId);
            assertThat(second.execOrFail("hostname").stdout().strip()).isEqualTo(second.hostname());
            ExecResult state = second.exec(ExecRequest.builder("systemctl is-system-running --wait")
                    .setTimeout(Duration.ofMinutes(2)).build());
            assertThat(state.stdout().strip()).as("failed units: %s", second.exec("systemctl --failed --no-legend").stdout())
                    .isEqualTo("running");
        }
    }
}
