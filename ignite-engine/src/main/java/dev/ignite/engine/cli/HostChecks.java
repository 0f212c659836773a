package dev.ignite.engine.cli;

import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.store.IgniteHome;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;

/** What {@code ignite doctor} looks at on this host, in the order a newcomer would fix it. */
final class HostChecks {
    private static final long GIB = 1L << 30;

    private HostChecks() {
    }

    static List<HostCheck> run() {
        List<HostCheck> checks = new ArrayList<>();
        checks.add(qemu());
        // The other tools a VM needs (HostTools.VM_TOOLS), one check per package; busybox is checked for static linking.
        Map<String, List<HostTool>> byPackage = HostTools.VM_TOOLS.stream()
                .filter(tool -> tool != HostTool.QEMU && tool != HostTool.BUSYBOX)
                .collect(Collectors.groupingBy(HostTool::debianPackage, LinkedHashMap::new, Collectors.toList()));
        byPackage.forEach((debianPackage, tools) -> checks.add(tools(debianPackage, true, tools)));
        checks.add(kvm());
        checks.add(busybox());
        checks.add(tools("vde2", false, List.of(HostTool.VDE_SWITCH)));
        checks.add(HostTools.find("ssh").map(p -> HostCheck.ok("ssh client", p.toString()))
                .orElse(HostCheck.warn("ssh client", "ssh missing (needed by `ignite ssh`, `run --ssh`, `exec -t`)",
                        "sudo apt-get install openssh-client")));
        checks.addAll(store());
        return checks;
    }

    private static HostCheck qemu() {
        Optional<Path> qemu = HostTools.find(HostTool.QEMU);
        if (qemu.isEmpty()) {
            return HostCheck.fail("QEMU", "qemu-system-x86_64 missing", "sudo apt-get install qemu-system-x86");
        }
        var version = HostCommand.run(List.of(qemu.get().toString(), "--version"), null, Duration.ofSeconds(20));
        String first = version.stdout().lines().findFirst().orElse("version unknown");
        return version.succeeded() ? HostCheck.ok("QEMU", first + " (" + qemu.get() + ")")
                : HostCheck.fail("QEMU", qemu.get() + " --version failed: " + version.stderr().strip(),
                "sudo apt-get install --reinstall qemu-system-x86");
    }

    private static HostCheck kvm() {
        if (Accelerator.kvmUsable()) {
            return HostCheck.ok("KVM", "/dev/kvm usable: hardware virtualization");
        }
        String notice = "VMs run under TCG emulation (works, boots take ~10x longer)";
        Path dev = Path.of("/dev/kvm");
        if (!Files.exists(dev)) {
            return HostCheck.warn("KVM", "no /dev/kvm: " + notice, "enable virtualization (VT-x/AMD-V, or nested"
                    + " virtualization for a VM host), then `sudo modprobe kvm_intel` or `sudo modprobe kvm_amd`");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return HostCheck.warn("KVM", "/dev/kvm not read-writable by this user: " + notice,
                    "sudo usermod -aG kvm $USER, then log in again");
        }
        return HostCheck.warn("KVM", "/dev/kvm present but the CPU shows no vmx/svm: " + notice,
                "enable virtualization in the firmware (or nested virtualization on the VM host)");
    }

    private static HostCheck tools(String name, boolean required, List<HostTool> tools) {
        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (HostTool tool : tools) {
            HostTools.find(tool).ifPresentOrElse(p -> found.add(tool.command()), () -> missing.add(tool.command()));
        }
        if (missing.isEmpty()) {
            return HostCheck.ok(name, String.join(", ", found));
        }
        String fix = "sudo apt-get install " + tools.get(0).debianPackage();
        String what = String.join(", ", missing) + " missing";
        return required ? HostCheck.fail(name, what, fix)
                : HostCheck.warn(name, what + " (needed for --network NAME)", fix);
    }

    /** Our initramfs runs the host's busybox in the guest: it must not need the host's shared libraries. */
    private static HostCheck busybox() {
        Optional<Path> busybox = HostTools.find(HostTool.BUSYBOX);
        if (busybox.isEmpty()) {
            return HostCheck.fail("busybox", "busybox missing", "sudo apt-get install busybox-static");
        }
        if (dynamicallyLinked(busybox.get())) {
            return HostCheck.fail("busybox", busybox.get() + " is dynamically linked (the initramfs needs a static"
                    + " one)", "sudo apt-get install busybox-static");
        }
        return HostCheck.ok("busybox", busybox.get() + " (static)");
    }

    /** An ELF64 with a PT_INTERP program header asks for a dynamic loader. */
    static boolean dynamicallyLinked(Path elf) {
        try (RandomAccessFile file = new RandomAccessFile(elf.toRealPath().toFile(), "r")) {
            byte[] header = new byte[64];
            file.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(header[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(0x20);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36));
            int phnum = Short.toUnsignedInt(h.getShort(0x38));
            for (int i = 0; i < phnum; i++) {
                byte[] type = new byte[4];
                file.seek(phoff + (long) i * phentsize);
                file.readFully(type);
                if (ByteBuffer.wrap(type).order(h.order()).getInt() == 3) { // PT_INTERP
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not ELF64 as expected: the build will say more than a guess here
        }
    }

    private static List<HostCheck> store() {
        IgniteHome home;
        try {
            home = IgniteHome.fromEnvironment();
        } catch (RuntimeException e) {
            return List.of(HostCheck.fail("store", e.getMessage(), "set IGNITE_HOME to a folder you can write"));
        }
        List<HostCheck> checks = new ArrayList<>();
        try {
            Path probe = Files.createTempFile(home.tmp(), "doctor-", ".probe");
            Files.delete(probe);
            checks.add(HostCheck.ok("store", home + " writable"));
        } catch (IOException e) {
            checks.add(HostCheck.fail("store", home + " not writable: " + e.getMessage(),
                    "sudo chown -R $USER " + home + ", or set IGNITE_HOME to a folder you can write"));
        }
        try {
            long free = Files.getFileStore(home.root()).getUsableSpace();
            String found = String.format("%.1f GiB free in %s", free / (double) GIB, home);
            String fix = "free space there, or set IGNITE_HOME to a larger file system";
            checks.add(free < GIB ? HostCheck.fail("disk", found + " (need 1 GiB for the defaults and a VM)", fix)
                    : free < 4 * GIB ? HostCheck.warn("disk", found + " (4 GiB or more advised)", fix)
                    : HostCheck.ok("disk", found));
        } catch (IOException e) {
            checks.add(HostCheck.warn("disk", "cannot tell the free space in " + home + ": " + e.getMessage(), null));
        }
        return checks;
    }
}
