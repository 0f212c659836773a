package dev.ignite.engine.daemon;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's timing and reports, over manifests that need no VM (a bad file, an empty folder). */
class ReconcileLoopTest {
    @TempDir
    Path tmp;

    @Test
    void reconcilesAtStartThenEachIntervalAndStopsWhenAsked() throws Exception {
        Path manifests = Files.createDirectory(tmp.resolve("manifests"));
        Files.writeString(manifests.resolve("broken.yaml"), "kind: VM\nmetadata: {name: a}\nspec: {cpus: 1}\n");
        List<String> reports = new CopyOnWriteArrayList<>();
        Ignite ignite = Ignite.open(IgniteHome.at(tmp.resolve("home")));
        ReconcileLoop loop = new ReconcileLoop(ManifestSource.folder(manifests),
                new Reconciler(ignite, IgniteConfiguration.DEFAULTS, "test", reports::add), Duration.ofMillis(200),
                reports::add);
        Thread thread = new Thread(loop);
        thread.start();
        long skips;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            Thread.sleep(50);
            skips = reports.stream().filter(r -> r.startsWith("skipped broken.yaml")).count();
        } while (skips < 2 && System.nanoTime() < deadline);
        assertThat(loop.stop(Duration.ofSeconds(10))).as("stopped in time").isTrue();
        thread.join(5000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(reports.get(0)).startsWith("reconciling VMs from " + manifests + " every 200 ms");
        assertThat(reports).contains("skipped broken.yaml: VM a needs spec.image.oci (an image name, registry"
                + " reference or archive)");
        assertThat(skips).as("a pass at start and one after the interval").isGreaterThanOrEqualTo(2);
        assertThat(reports.get(reports.size() - 1)).isEqualTo("stopped reconciling; the VMs keep running");
    }

    @Test
    void aMissingFolderIsReportedAndTheLoopGoesOn() throws IOException {
        List<String> reports = new CopyOnWriteArrayList<>();
        Ignite ignite = Ignite.open(IgniteHome.at(tmp.resolve("home")));
        new Reconciler(ignite, IgniteConfiguration.DEFAULTS, "test", reports::add).reconcile(Files.createDirectory(
                tmp.resolve("empty")));
        assertThat(reports).isEmpty();
        ReconcileLoop loop = new ReconcileLoop(ManifestSource.folder(tmp.resolve("missing")),
                new Reconciler(ignite, IgniteConfiguration.DEFAULTS, "test", reports::add), Duration.ofSeconds(60),
                reports::add);
        Thread thread = new Thread(loop);
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reports.stream().noneMatch(r -> r.startsWith("failed: manifest folder")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(loop.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(reports).anyMatch(r -> r.equals("failed: manifest folder " + tmp.resolve("missing")
                + " does not exist: create it, or give another with --manifest-dir"));
    }
}
