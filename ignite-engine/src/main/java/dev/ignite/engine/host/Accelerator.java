package dev.ignite.engine.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** The QEMU accelerator to use: KVM where the host really offers it, otherwise TCG emulation. */
public enum Accelerator {
    KVM("kvm"),
    TCG("tcg");

    private static final Path DEV_KVM = Path.of("/dev/kvm");
    private final String qemuName;

    Accelerator(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    /**
     * KVM needs a /dev/kvm this user can open read-write and a CPU with virtualization extensions;
     * a device node alone is not enough (nested setups expose it without vmx/svm). QEMU 7.2 rejects
     * {@code -accel kvm:tcg}, so the choice is made here.
     */
    public static Accelerator detect() {
        return Setting.ACCEL.value().map(forced -> valueOf(forced.toUpperCase(java.util.Locale.ROOT)))
                .orElseGet(() -> kvmUsable() ? KVM : TCG);
    }

    /** Whether this user can run KVM guests here, whatever IGNITE_ACCEL says. */
    public static boolean kvmUsable() {
        if (!Files.exists(DEV_KVM)) {
            return false;
        }
        try (RandomAccessFile ignored = new RandomAccessFile(DEV_KVM.toFile(), "rw")) {
            String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
            return cpuinfo.matches("(?s).*\\bflags\\s*:.*\\b(vmx|svm)\\b.*");
        } catch (IOException e) {
            return false;
        }
    }
}
