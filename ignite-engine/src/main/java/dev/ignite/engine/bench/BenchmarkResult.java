package dev.ignite.engine.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A benchmark run's figures, printable as a table and kept as JSON (docs/benchmarks.json), with the
 * image and kernel (name and version) every VM of the run booted.
 */
public record BenchmarkResult(int runs, String host, String image, String kernel, String kernelVersion,
                              List<Stats> stats) {
    static final String RAW = "raw QEMU, same kernel and disk, to first SSH command";
    static final String COLD = "cold boot to first SSH command";
    static final String RESTORE = "restore to first SSH command";

    public BenchmarkResult {
        stats = List.copyOf(stats);
    }

    public Optional<Stats> find(String name) {
        return stats.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Our cold boot's median over the hand-started QEMU's: how much the engine adds (1.0 = nothing). */
    public Optional<Double> coldOverRaw() {
        return ratio(COLD, RAW);
    }

    public Optional<Double> restoreOverRaw() {
        return ratio(RESTORE, RAW);
    }

    private Optional<Double> ratio(String ours, String floor) {
        return find(ours).flatMap(o -> find(floor).map(f -> o.median() / f.median()));
    }

    /** What every VM of the run booted, in one line. */
    public String vms() {
        return "image " + image + " on kernel " + kernel + " (" + kernelVersion + ")";
    }

    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-62s %9s %9s %9s %9s  %s%n",
                "measure (" + runs + " runs)", "median", "p95", "min", "max", "unit"));
        for (Stats s : stats) {
            out.append(String.format(Locale.ROOT, "%-62s %9.3f %9.3f %9.3f %9.3f  %s%n", s.name(), s.median(), s.p95(),
                    s.min(), s.max(), s.unit()));
        }
        coldOverRaw().ifPresent(r -> out.append(String.format(Locale.ROOT,
                "cold boot / raw QEMU (medians): %.2f   restore / raw QEMU: %.2f%n", r, restoreOverRaw().orElse(0.0))));
        out.append("host: ").append(host).append('\n');
        out.append("VMs: ").append(vms()).append('\n');
        return out.toString();
    }
}
