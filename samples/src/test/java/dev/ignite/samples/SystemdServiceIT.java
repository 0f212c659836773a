package dev.ignite.samples;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A systemd service installed, started and checked in the Debian image, where systemd is PID 1
 * (built from its recipe on first use, like the tiny default: about a minute and a half, with
 * mmdebstrap; skipped, saying so, on a host that has neither the image nor mmdebstrap).
 */
@IgniteTest
@EnabledIf(value = "debianImageAvailable",
        disabledReason = "ignite/debian is not in the store and mmdebstrap, which builds it, is not installed: apt-get install mmdebstrap")
class SystemdServiceIT {
    static final String IMAGE = Ignite.DEBIAN_IMAGE;

    static boolean debianImageAvailable() {
        return HostTools.find("mmdebstrap").isPresent() || Ignite.open().images().find(IMAGE).isPresent();
    }

    @MicroVM(image = IMAGE, memoryMib = 512)
    static Vm vm;

    @Test
    void installsStartsAndChecksAService() {
        vm.execOrFail("printf '%s\\n' '[Unit]' 'Description=sample greeter' '[Service]'"
                + " 'ExecStart=/bin/sh -c \"echo greeting > /run/greeter; exec sleep infinity\"'"
                + " '[Install]' 'WantedBy=multi-user.target' > /etc/systemd/system/greeter.service"
                + " && systemctl daemon-reload && systemctl enable --now greeter.service");

        VmWaits.unitActive(vm, "greeter.service", Duration.ofMinutes(2));
        assertThat(vm.execOrFail("cat /run/greeter").stdout().strip()).isEqualTo("greeting");
        assertThat(vm.execOrFail("systemctl show -p MainPID --value greeter.service").stdout().strip()).isNotEqualTo("0");
    }
}
