package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.oci.ImageSources;
import dev.ignite.engine.oci.Layer;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures imports in a throwaway store: a cold import (nothing cached), the same import again
 * (cached: found by digest), and the two phases of a cold import apart (layers applied to a
 * staging folder; ext4 written and fixed up).
 */
public final class ImportBenchmark {
    /** Sizes in bytes, times in seconds. */
    public record Result(String source, long layerBytes, long contentBytes, double coldSeconds, double cachedSeconds,
                         double unpackSeconds, double rootfsSeconds) {
        public double coldMbPerSecond() {
            return layerBytes / 1e6 / coldSeconds;
        }

        public double cachedMbPerSecond() {
            return layerBytes / 1e6 / cachedSeconds;
        }
    }

    private ImportBenchmark() {
    }

    public static Result run(ImportSpec spec, Path scratch) {
        Path work = null;
        try {
            work = Files.createTempDirectory(scratch, "bench-");
            IgniteHome home = IgniteHome.at(work.resolve("store"));
            ImageStore store = new ImageStore(home);
            long start = System.nanoTime();
            Image image = store.importImage(spec);
            double cold = seconds(start);
            start = System.nanoTime();
            store.importImage(spec);
            double cached = seconds(start);
            long layerBytes;
            double unpack;
            double rootfs;
            try (ImageArchive archive = ImageSources.open(spec.source(), ImageStore.registryAccess(home, spec),
                    home.tmp())) {
                ImageManifest manifest = archive.manifest();
                layerBytes = manifest.layers().stream().mapToLong(Layer::size).sum();
                Path tree = Files.createDirectory(work.resolve("tree"));
                start = System.nanoTime();
                UnpackedImage unpacked = UnpackedImage.unpack(archive, manifest, tree);
                unpack = seconds(start);
                start = System.nanoTime();
                RootfsBuilder.build(tree, unpacked.ownership(), work.resolve("rootfs.ext4"), spec.sizeBytes(), work);
                rootfs = seconds(start);
            }
            return new Result(spec.source().toString(), layerBytes, image.contentBytes(), cold, cached, unpack, rootfs);
        } catch (IOException e) {
            throw new IgniteException("benchmark of " + spec.source() + " failed: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work, null);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
