package dev.ignite.engine.cli;

import dev.ignite.engine.bench.Benchmark;
import dev.ignite.engine.bench.BenchmarkPlot;
import dev.ignite.engine.bench.BenchmarkResult;
import dev.ignite.engine.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "Measure cold boot, snapshot restore, parallel restores, idle memory and image"
        + " import against a hand-started QEMU on the same kernel; prints medians and p95.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "10", description = "Runs per measure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--parallel", defaultValue = "10", description = "VMs restored at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Option(names = "--plot", description = "Also draw the time figures as a PNG chart to this file.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        BenchmarkResult result = new Benchmark(Engine.open(), runs, parallel, Engine::progress).run();
        System.out.print(result.table());
        if (json != null) {
            Json.write(json, result);
        }
        if (plot != null) {
            BenchmarkPlot.write(result, plot);
        }
        return 0;
    }
}
