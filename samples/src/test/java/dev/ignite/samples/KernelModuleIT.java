package dev.ignite.samples;

import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a container cannot do, because it shares the host's kernel: load a module and change a
 * kernel-wide setting. In a VM the kernel is the test's own.
 */
@IgniteTest
class KernelModuleIT {
    @MicroVM
    Vm vm;

    @Test
    void loadsAModuleTheInitramfsDidNotLoad() {
        assertThat(vm.exec("grep -w dummy /proc/modules").exitCode()).isNotZero();
        Path module = vm.kernel().modules().resolve("kernel/drivers/net/dummy.ko");
        vm.copyTo(module, "/root/dummy.ko");

        vm.execOrFail("insmod /root/dummy.ko numdummies=0 && ip link add dummy0 type dummy && ip addr add 192.0.2.1/24 dev dummy0"
                + " && ip link set dummy0 up");

        assertThat(vm.execOrFail("grep -w dummy /proc/modules").stdout()).startsWith("dummy ");
        assertThat(vm.execOrFail("ip -o addr show dummy0").stdout()).contains("inet 192.0.2.1/24");
        vm.execOrFail("ping -c 1 -W 2 192.0.2.1");
    }

    @Test
    void changesAKernelWideSysctl() {
        vm.execOrFail("sysctl -w kernel.pid_max=65536 && sysctl -w vm.swappiness=7");

        assertThat(vm.execOrFail("cat /proc/sys/kernel/pid_max").stdout().strip()).isEqualTo("65536");
        assertThat(vm.execOrFail("cat /proc/sys/vm/swappiness").stdout().strip()).isEqualTo("7");
    }
}
