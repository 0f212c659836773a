package dev.ignite.samples;

import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.Wait;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** The default VM: our kernel, the image's own init as PID 1, and a fresh VM for every test. */
@IgniteTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultVmIT {
    @MicroVM
    Vm vm;

    @Test
    @Order(1)
    void runsTheKernelOfTheKernelImage() {
        ExecResult uname = vm.exec("uname -r");

        assertThat(uname.exitCode()).isZero();
        assertThat(uname.stdout().strip()).isEqualTo(vm.kernel().version());
    }

    @Test
    @Order(2)
    void pid1IsTheImagesInit() {
        // Our initramfs must have handed PID 1 over to the image's /sbin/init (busybox in the tiny image).
        String imageInit = vm.exec("readlink -f /sbin/init").stdout().strip();
        assertThat(imageInit).endsWith("/busybox");
        assertThat(vm.exec("readlink /proc/1/exe").stdout().strip()).isEqualTo(imageInit);
        assertThat(vm.exec("cat /proc/1/comm").stdout().strip()).isEqualTo("init");
        // The image's SSH server: a clone restarts it with its own host key just after it is handed over.
        VmWaits.until(vm, Wait.forListeningPort(22));
        assertThat(vm.exec("ps -o pid,comm | grep -c dropbear").stdout().strip()).isNotEqualTo("0");
    }

    @Test
    @Order(3)
    void writesAFileThatTheNextTestMustNotSee() {
        assertThat(vm.exec("echo left-behind > /root/marker && sync").exitCode()).isZero();
        assertThat(vm.exec("cat /root/marker").stdout().strip()).isEqualTo("left-behind");
    }

    @Test
    @Order(4)
    void startsFromAFreshDiskEveryTest() {
        ExecResult marker = vm.exec("cat /root/marker");

        assertThat(marker.exitCode()).isNotZero();
        assertThat(marker.stderr()).contains("No such file");
    }

    @Test
    @Order(5)
    void reportsNonZeroExitCodesAsResults(@MicroVM Vm other) {
        ExecResult failing = other.exec("echo out; echo err >&2; exit 3");

        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.stdout()).isEqualTo("out\n");
        assertThat(failing.stderr()).isEqualTo("err\n");
        assertThat(other.name()).isNotEqualTo(vm.name());
        assertThat(other.exec("hostname").stdout().strip()).isEqualTo(other.name().replace('_', '-'));
    }
}
