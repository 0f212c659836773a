package dev.ignite.engine.bench;

import dev.ignite.engine.host.Accelerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host a benchmark ran on, printed next to its figures. */
final class HostDescription {
    private HostDescription() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap, accelerator "
                + Accelerator.detect().qemuName();
    }
}
