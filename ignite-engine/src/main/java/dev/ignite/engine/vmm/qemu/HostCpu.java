package dev.ignite.engine.vmm.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host CPU's clock rate, which TCG's guest TSC follows closely enough for the kernel's clocks. */
public final class HostCpu {
    private static final Pattern MHZ = Pattern.compile("(?m)^cpu MHz\\s*:\\s*([0-9.]+)");
    private static final long FALLBACK_KHZ = 2_000_000;

    private HostCpu() {
    }

    public static long tscKhz() {
        try {
            Matcher m = MHZ.matcher(Files.readString(Path.of("/proc/cpuinfo")));
            return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : FALLBACK_KHZ;
        } catch (IOException | NumberFormatException e) {
            return FALLBACK_KHZ;
        }
    }
}
