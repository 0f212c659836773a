package dev.ignite.engine.bench;

import dev.ignite.engine.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkResultTest {
    @TempDir
    Path dir;

    @Test
    void theTableAndTheJsonNameTheImageAndKernelEveryVmBooted() {
        BenchmarkResult result = new BenchmarkResult(2, "2 cores", "ignite/tiny", "ignite/microvm", "6.1.192",
                List.of(new Stats(BenchmarkResult.RAW, "s", List.of(2.0, 2.2)),
                        new Stats(BenchmarkResult.COLD, "s", List.of(2.5, 2.7))));

        assertThat(result.table()).contains("VMs: image ignite/tiny on kernel ignite/microvm (6.1.192)\n");
        Path json = dir.resolve("bench.json");
        Json.write(json, result);
        assertThat(Json.read(json, BenchmarkResult.class)).isEqualTo(result);
    }
}
