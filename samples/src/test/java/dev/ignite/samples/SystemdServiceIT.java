package dev.ignite.samples;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaitTimeoutException;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A systemd service installed, started and checked in the Debian image, where systemd is PID 1
 * (built from its recipe on first use, like the tiny default: about a minute and a half, with
 * mmdebstrap; skipped, saying so, on a host that has neither the image nor mmdebstrap). The
 * VM's {@code env} reaches the service as {@code docker run -e} would.
 */
@IgniteTest
@EnabledIf(value = "debianImageAvailable",
        disabledReason = "ignite/debian is not in the store and mmdebstrap, which builds it, is not installed: apt-get install mmdebstrap")
class SystemdServiceIT {
    static final String IMAGE = Ignite.DEBIAN_IMAGE;

    static boolean debianImageAvailable() {
        return HostTools.find("mmdebstrap").isPresent() || Ignite.open().images().find(IMAGE).isPresent();
    }

    @MicroVM(image = IMAGE, memoryMib = 512, env = "STAGE=sample",
            waitForUnits = "multi-user.target", startupTimeoutSeconds = 180)
    static Vm vm;

    @Test
    void theVmReachesTheTestWhenBootIsDone() {
        assertThat(vm.execOrFail("systemctl is-active multi-user.target").stdout().strip()).isEqualTo("active");
    }

    @Test
    void aWaitForAUnitThatFailedEndsAtOnceWithItsStatus() {
        vm.execOrFail("printf '%s\\n' '[Service]' 'ExecStart=/bin/false' > /etc/systemd/system/broken.service"
                + " && systemctl daemon-reload && (systemctl start broken.service || true)");
        long start = System.nanoTime();

        assertThatThrownBy(() -> VmWaits.unitActive(vm, "broken.service", Duration.ofMinutes(2)))
                .isInstanceOf(VmWaitTimeoutException.class)
                .hasMessageStartingWith("VM " + vm.name() + ": systemd unit broken.service active will not be reached:"
                        + " the unit failed:\nfailed")
                .hasMessageContaining("broken.service");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void installsStartsAndChecksAService() {
        vm.execOrFail("printf '%s\\n' '[Unit]' 'Description=sample greeter' '[Service]'"
                + " 'ExecStart=/bin/sh -c \"echo greeting $$STAGE > /run/greeter; exec sleep infinity\"'"
                + " '[Install]' 'WantedBy=multi-user.target' > /etc/systemd/system/greeter.service"
                + " && systemctl daemon-reload && systemctl enable --now greeter.service");

        VmWaits.unitActive(vm, "greeter.service", Duration.ofMinutes(2));
        // $$ is systemd's escape for $: the service's shell reads STAGE from its own environment.
        assertThat(vm.execOrFail("cat /run/greeter").stdout().strip()).isEqualTo("greeting sample");
        assertThat(vm.execOrFail("systemctl show -p MainPID --value greeter.service").stdout().strip()).isNotEqualTo("0");
    }
}
