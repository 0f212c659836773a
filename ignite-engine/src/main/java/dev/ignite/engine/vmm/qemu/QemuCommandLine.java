package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.net.HostAlias;
import dev.ignite.engine.net.SharedNic;
import dev.ignite.engine.vmm.ExtraDisk;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.MemoryFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU {@code microvm} command line for a launch plan: no firmware tables beyond ACPI, no PCI,
 * virtio-mmio devices only, the serial console on a unix socket that also logs to a file.
 *
 * <p>The console chardev, as measured with QEMU 7.2 under TCG (tiny image; hand runs, the CLI, ITs):
 * <ul>
 * <li>The log file gets every byte the guest prints whether or not a client is attached: the whole
 *     boot to {@code login:} in 16 of 16 boots with nobody attached and 2 of 2 with a client attached
 *     from the start (what it read was byte-identical to the log); output printed after a client
 *     detached was logged.</li>
 * <li>With nobody attached the guest never waits: output goes to the log and is dropped from the socket.</li>
 * <li>A client that is attached but does not read stalls the guest's console (none of 4000 lines got
 *     out in 15 s); nothing is lost (all logged within 0.7 s of it leaving). Attach clients keep reading.</li>
 * <li>One client at a time: a second connect succeeds but is served only after the first leaves.</li>
 * <li>An earlier note blamed this chardev for an empty console and a hung boot. That was the TCG
 *     timer-calibration hang (see {@link #tcgTimerArgs}): without {@code tsc_early_khz} boot hung with
 *     an empty log in 3 of 6 runs on this chardev, and in 5 of 5 on a plain file chardev.</li>
 * </ul>
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
                "-chardev", "socket,id=console,path=" + value(plan.consoleSocket()) + ",server=on,wait=off,logfile="
                        + value(plan.serialLog()) + ",logappend=on",
                "-serial", "chardev:console",
                "-qmp", "unix:" + value(plan.controlSocket()) + ",server=on,wait=off",
                "-drive", "id=root,file=" + value(plan.rootDisk()) + ",format=" + plan.rootDiskFormat() + ",if=none,discard=unmap",
                "-device", "virtio-blk-device,drive=root,serial=ignite-root",
                "-drive", "id=config,file=" + value(plan.configDisk()) + ",format=raw,if=none,read-only=on",
                "-device", "virtio-blk-device,drive=config,serial=ignite-config",
                "-object", "rng-random,id=rng,filename=/dev/urandom",
                "-device", "virtio-rng-device,rng=rng",
                "-netdev", userNetdev(plan),
                "-device", "virtio-net-device,netdev=net0,mac=" + plan.guestMac()));
        int disk = 0;
        for (ExtraDisk extra : plan.extraDisks()) {
            String id = "vol" + disk++;
            args.addAll(List.of("-drive", "id=" + id + ",file=" + value(extra.file()) + ",format=raw,if=none"
                    + (extra.readOnly() ? ",read-only=on" : ""), "-device", "virtio-blk-device,drive=" + id + ",serial="
                    + extra.serial()));
        }
        MemoryFile memory = plan.memoryFile();
        if (memory != null) {
            args.set(args.indexOf("microvm"), "microvm,memory-backend=mem");
            args.addAll(List.of("-object", "memory-backend-file,id=mem,size=" + plan.memoryMib() + "M,mem-path="
                    + value(memory.file()) + ",share=" + (memory.shared() ? "on" : "off")));
            if (memory.restores()) {
                args.addAll(List.of("-incoming", "defer")); // device state arrives over QMP
            }
        }
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
     * A path as one value of a comma-separated QEMU option: QEMU reads {@code ,,} as a literal comma,
     * so a file named {@code a,snapshot=on.img} stays a name and cannot add options of its own.
     */
    static String value(Path path) {
        return path.toString().replace(",", ",,");
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

    /**
     * The first NIC: QEMU's user network, restricted, so the guest reaches neither the host (its
     * gateway 10.0.2.2 would be the host's loopback) nor anything beyond; the forwards into the guest
     * still work. Each exposed host port is one {@code guestfwd} on {@link HostAlias#ADDRESS}: every
     * guest connection to it runs {@code busybox nc 127.0.0.1 PORT} on the host, wired to that connection.
     */
    static String userNetdev(LaunchPlan plan) {
        StringBuilder netdev = new StringBuilder("user,id=net0,net=10.0.2.0/24,host=10.0.2.2,dns=10.0.2.3,restrict=on");
        for (LaunchPlan.HostForward f : plan.forwards()) {
            netdev.append(",hostfwd=").append(f.protocol()).append(':').append(f.hostAddress()).append(':').append(f.hostPort())
                    .append("-:").append(f.guestPort());
        }
        if (!plan.hostPorts().isEmpty()) {
            String busybox = HostTools.require(HostTool.BUSYBOX).toString();
            for (int port : plan.hostPorts()) {
                netdev.append(",guestfwd=tcp:").append(HostAlias.ADDRESS).append(':').append(port)
                        .append("-cmd:").append(busybox).append(" nc 127.0.0.1 ").append(port);
            }
        }
        return netdev.toString();
    }

    private static String sharedNetdev(String id, SharedNic nic) {
        if (nic instanceof SharedNic.VdePort vde) {
            return "vde,id=" + id + ",sock=" + value(vde.switchDir());
        }
        SharedNic.Tap tap = (SharedNic.Tap) nic;
        return "tap,id=" + id + ",ifname=" + tap.device() + ",script=no,downscript=no";
    }
}
