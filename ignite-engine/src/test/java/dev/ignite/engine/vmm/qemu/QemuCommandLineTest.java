package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.net.SharedNic;
import dev.ignite.engine.vmm.ExtraDisk;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import dev.ignite.engine.vmm.MemoryFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The QEMU microvm command line a launch plan turns into, argument by argument. */
class QemuCommandLineTest {
    private static final Path RUN = Path.of("/store/vms/0123abcd");

    private static LaunchPlan.Builder plan() {
        return LaunchPlan.builder("0123abcd", RUN)
                .setKernel(Path.of("/store/kernels/k/vmlinuz"), Path.of("/store/kernels/k/initramfs"), "console=ttyS0 quiet")
                .setDisks(RUN.resolve("overlay.qcow2"), RUN.resolve("config.ext4"),
                        List.of(new ExtraDisk(Path.of("/data/vol.ext4"), "ignite-vol0", true)))
                .setMachine(2, 384)
                .setForwards(List.of(new HostForward("127.0.0.1", 40022, 22), new HostForward("127.0.0.2", 8080, 80)));
    }

    private static String after(List<String> args, String option) {
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void aColdBootUnderKvm() {
        List<String> args = QemuCommandLine.of("/usr/bin/qemu-system-x86_64", plan().build(), Accelerator.KVM);

        assertThat(args.get(0)).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(after(args, "-name")).isEqualTo("ignite-0123abcd,process=ignite-0123abcd");
        assertThat(after(args, "-M")).isEqualTo("microvm");
        assertThat(after(args, "-accel")).isEqualTo("kvm");
        assertThat(after(args, "-cpu")).isEqualTo("host");
        assertThat(after(args, "-smp")).isEqualTo("2");
        assertThat(after(args, "-m")).isEqualTo("384M");
        assertThat(after(args, "-append")).as("no TCG timer workaround under KVM").isEqualTo("console=ttyS0 quiet");
        assertThat(after(args, "-chardev")).isEqualTo("socket,id=console,path=" + RUN.resolve("console.sock")
                + ",server=on,wait=off,logfile=" + RUN.resolve("serial.log") + ",logappend=on");
        assertThat(after(args, "-qmp")).isEqualTo("unix:" + RUN.resolve("control.sock") + ",server=on,wait=off");
        assertThat(args).containsSubsequence("-drive", "id=root,file=" + RUN.resolve("overlay.qcow2")
                + ",format=qcow2,if=none,discard=unmap", "-device", "virtio-blk-device,drive=root,serial=ignite-root");
        assertThat(args).containsSubsequence("-drive", "id=config,file=" + RUN.resolve("config.ext4")
                + ",format=raw,if=none,read-only=on");
        assertThat(args).containsSubsequence("-drive", "id=vol0,file=/data/vol.ext4,format=raw,if=none,read-only=on",
                "-device", "virtio-blk-device,drive=vol0,serial=ignite-vol0");
        assertThat(after(args, "-netdev")).isEqualTo("user,id=net0,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3,restrict=on"
                + ",hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=tcp:127.0.0.2:8080-:80");
        assertThat(args).contains("-nodefaults", "-no-user-config", "-no-reboot").doesNotContain("-incoming");
    }

    @Test
    void underTcgTheKernelIsToldTheTscFrequency() {
        List<String> args = QemuCommandLine.of("qemu", plan().build(), Accelerator.TCG);

        assertThat(after(args, "-cpu")).isEqualTo("max");
        assertThat(after(args, "-append")).matches("console=ttyS0 quiet tsc_early_khz=\\d+");
    }

    @Test
    void aTemplateSharesItsRamFileAndACloneMapsItPrivatelyAndWaitsForItsState() {
        List<String> template = QemuCommandLine.of("qemu", plan().setMemoryFile(MemoryFile.forTemplate(
                Path.of("/tmp/memory.ram"))).build(), Accelerator.KVM);
        assertThat(after(template, "-M")).isEqualTo("microvm,memory-backend=mem");
        assertThat(template).containsSubsequence("-object", "memory-backend-file,id=mem,size=384M,mem-path=/tmp/memory.ram,share=on")
                .doesNotContain("-incoming");

        List<String> clone = QemuCommandLine.of("qemu", plan().setMemoryFile(MemoryFile.forClone(
                Path.of("/snap/memory.ram"), Path.of("/snap/device.state"), "feedbeef")).build(), Accelerator.KVM);
        assertThat(clone).containsSubsequence("-object", "memory-backend-file,id=mem,size=384M,mem-path=/snap/memory.ram,share=off")
                .containsSubsequence("-incoming", "defer");
        assertThat(after(clone, "-device").equals(after(template, "-device"))).isTrue();
    }

    @Test
    void sharedNicsFollowTheUserNicInOrder() {
        List<String> args = QemuCommandLine.of("qemu", plan().setSharedNics(List.of(
                new SharedNic.VdePort(Path.of("/store/networks/lab/switch"), "52:54:00:00:00:01"),
                new SharedNic.Tap("ign0abc", "52:54:00:00:00:02"))).build(), Accelerator.KVM);

        assertThat(args).containsSubsequence(
                "-netdev", "vde,id=net1,sock=/store/networks/lab/switch",
                "-device", "virtio-net-device,netdev=net1,mac=52:54:00:00:00:01",
                "-netdev", "tap,id=net2,ifname=ign0abc,script=no,downscript=no",
                "-device", "virtio-net-device,netdev=net2,mac=52:54:00:00:00:02");
    }
}
