package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.bench.Benchmark;
import dev.ignite.engine.bench.BenchmarkResult;
import dev.ignite.engine.image.ImportBenchmark;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.recipe.Recipe;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", subcommands = BenchCommand.Import.class, description = "Measure cold boot, snapshot"
        + " restore, a warm pool, parallel restores, idle memory and image import against a hand-started QEMU on the"
        + " same kernel; prints medians and p95. `bench import` measures image import alone.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", defaultValue = Ignite.DEFAULT_IMAGE, paramLabel = "NAME",
            description = "Image every VM boots (default: ${DEFAULT-VALUE}); recipe defaults are built on first use.")
    String image;

    @Option(names = "--kernel", defaultValue = Ignite.DEFAULT_KERNEL, paramLabel = "NAME",
            description = "Kernel every VM and the hand-started QEMU boot (default: ${DEFAULT-VALUE}; "
                    + Ignite.MICROVM_KERNEL + " is compiled on first use, minutes).")
    String kernel;

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
        BenchmarkResult result;
        try (Progress progress = Progress.on(spec.commandLine().getErr())) {
            result = new Benchmark(Engine.open(), image, kernel, runs, parallel, progress).run();
        }
        spec.commandLine().getOut().print(result.table());
        if (json != null) {
            Json.write(json, result);
        }
        if (plot != null) {
            BenchmarkPlot.write(result, plot);
        }
        return 0;
    }

    @Command(name = "import", description = {"Import throughput in a throwaway store: cold, cached, and the cold"
            + " import's two phases (layers applied; ext4 written).",
            "Without SOURCE: the recipes of ignite/tiny and ignite/debian, built first (not timed)."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Images to import (ignite build syntax).")
        List<String> sources = new ArrayList<>();

        @Option(names = "--insecure", description = "Allow plain-HTTP registries.")
        boolean insecure;

        @Override
        public Integer call() {
            Ignite ignite = Engine.open();
            List<Path> built = new ArrayList<>();
            if (sources.isEmpty()) {
                for (Recipe recipe : List.of(Recipe.TINY_IMAGE, Recipe.DEBIAN_IMAGE)) {
                    Path archive = ignite.defaults().build(recipe, "bench/" + recipe.name().toLowerCase(),
                            List.of("/sbin/init"), message -> spec.commandLine().getErr().println("==> " + message));
                    built.add(archive);
                    sources.add("oci-archive:" + archive);
                }
            }
            try {
                spec.commandLine().getOut().printf("%-44s %9s %9s %9s %9s %9s %9s %9s%n", "SOURCE", "LAYERS", "CONTENT", "COLD",
                        "COLD", "CACHED", "UNPACK", "EXT4");
                for (String source : sources) {
                    var r = ImportBenchmark.run(ImportSpec.builder(source).setAllowInsecureRegistries(insecure).build(),
                            ignite.home().tmp());
                    spec.commandLine().getOut().printf("%-44s %9s %9s %8.2fs %5.1fMB/s %8.3fs %8.2fs %8.2fs%n", shorten(r.source()),
                            Sizes.human(r.layerBytes()), Sizes.human(r.contentBytes()), r.coldSeconds(),
                            r.coldMbPerSecond(), r.cachedSeconds(), r.unpackSeconds(), r.rootfsSeconds());
                }
            } finally {
                built.forEach(archive -> FileTrees.deleteQuietly(archive.getParent(), null));
            }
            return 0;
        }

        private static String shorten(String source) {
            return source.length() <= 44 ? source : "…" + source.substring(source.length() - 43);
        }
    }
}
