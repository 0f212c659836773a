package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.net.SharedNic;
import dev.ignite.engine.vmm.LaunchPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU {@code microvm} command line for a launch plan: no firmware tables beyond ACPI, no PCI,
 * virtio-mmio devices only, the serial console on a unix socket that also logs to a file.
 */
final class QemuCommandLine {
    private QemuCommandLine() {
    }

    static List<String> of(String qemu, LaunchPlan plan, Accelerator accelerator) {
        List<String> args = new ArrayList<>(List.of(
                qemu,
                "-name", "ignite-" + plan.vmId() + ",process=ignite-" + plan.vmId(),
                "-M", "microvm",
                "-accel", accelerator.qemuName(),
                "-cpu", accelerator == Accelerator.KVM ? "host" : "max",
                "-smp", Integer.toString(plan.cpus()),
                "-m", plan.memoryMib() + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", plan.kernelImage().toString(),
                "-initrd", plan.initramfs().toString(),
                "-append", plan.kernelCommandLine() + tcgTimerArgs(accelerator),
                // A socket chardev with a logfile lost the whole console (and hung boot) on some runs here,
                // so the console goes to a plain file; interactive attach is a separate channel.
                "-chardev", "file,id=console,path=" + plan.serialLog() + ",append=on",
                "-serial", "chardev:console",
                "-qmp", "unix:" + plan.controlSocket() + ",server=on,wait=off",
                "-drive", "id=root,file=" + plan.rootDisk() + ",format=" + plan.rootDiskFormat() + ",if=none,discard=unmap",
                "-device", "virtio-blk-device,drive=root,serial=ignite-root",
                "-drive", "id=config,file=" + plan.configDisk() + ",format=raw,if=none,read-only=on",
                "-device", "virtio-blk-device,drive=config,serial=ignite-config",
                "-object", "rng-random,id=rng,filename=/dev/urandom",
                "-device", "virtio-rng-device,rng=rng",
                "-netdev", userNetdev(plan),
                "-device", "virtio-net-device,netdev=net0,mac=" + plan.guestMac()));
        int index = 1;
        for (SharedNic nic : plan.sharedNics()) {
            String id = "net" + index++;
            args.add("-netdev");
            args.add(sharedNetdev(id, nic));
            args.add("-device");
            args.add("virtio-net-device,netdev=" + id + ",mac=" + nic.mac());
        }
        return args;
    }

    /**
     * Under TCG the kernel's PIT-based TSC calibration fails at random, and microvm has no HPET or PM
     * timer to fall back on: the guest clock then never starts and boot hangs at time 0. Giving the
     * TSC frequency up front skips calibration (measured here: 6 of 6 boots instead of about half).
     */
    static String tcgTimerArgs(Accelerator accelerator) {
        if (accelerator != Accelerator.TCG) {
            return "";
        }
        return " tsc_early_khz=" + HostCpu.tscKhz();
    }

    private static String userNetdev(LaunchPlan plan) {
        StringBuilder netdev = new StringBuilder("user,id=net0,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3");
        for (LaunchPlan.HostForward f : plan.forwards()) {
            netdev.append(",hostfwd=tcp:").append(f.hostAddress()).append(':').append(f.hostPort())
                    .append("-:").append(f.guestPort());
        }
        return netdev.toString();
    }

    private static String sharedNetdev(String id, SharedNic nic) {
        if (nic instanceof SharedNic.VdePort vde) {
            return "vde,id=" + id + ",sock=" + vde.switchDir();
        }
        SharedNic.Tap tap = (SharedNic.Tap) nic;
        return "tap,id=" + id + ",ifname=" + tap.device() + ",script=no,downscript=no";
    }
}
