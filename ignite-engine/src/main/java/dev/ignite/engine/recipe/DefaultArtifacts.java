package dev.ignite.engine.recipe;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The default image and kernel, built from their recipes the first time they are needed and then
 * taken from the store. Several JVMs asking at once build them once.
 */
public final class DefaultArtifacts {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultArtifacts.class);

    private DefaultArtifacts() {
    }

    public static Image ensureImage(Ignite ignite, Consumer<String> progress) {
        try (StoreLock ignored = StoreLock.acquire(ignite.home(), "default-image")) {
            return ignite.images().find(Ignite.DEFAULT_IMAGE).orElseGet(() -> {
                Path archive = build(ignite, Recipe.TINY_IMAGE, Ignite.DEFAULT_IMAGE, List.of("/sbin/init"), progress);
                try {
                    progress.accept("importing " + Ignite.DEFAULT_IMAGE + " into " + ignite.home());
                    return ignite.images().importArchive(archive, Ignite.DEFAULT_IMAGE, 0);
                } finally {
                    FileTrees.deleteQuietly(archive.getParent(), null);
                }
            });
        }
    }

    public static Kernel ensureKernel(Ignite ignite, Consumer<String> progress) {
        try (StoreLock ignored = StoreLock.acquire(ignite.home(), "default-kernel")) {
            return ignite.kernels().find(Ignite.DEFAULT_KERNEL).orElseGet(() -> {
                Path archive = build(ignite, Recipe.DEBIAN_CLOUD_KERNEL, Ignite.DEFAULT_KERNEL, List.of(), progress);
                try {
                    progress.accept("importing " + Ignite.DEFAULT_KERNEL + " into " + ignite.home());
                    return ignite.kernels().importArchive(archive, Ignite.DEFAULT_KERNEL);
                } finally {
                    FileTrees.deleteQuietly(archive.getParent(), null);
                }
            });
        }
    }

    /** Both defaults, logging progress through SLF4J. */
    public static void ensure(Ignite ignite) {
        ensureKernel(ignite, LOG::info);
        ensureImage(ignite, LOG::info);
    }

    /** Runs the recipe and packs its tree as an OCI archive in a fresh work folder. */
    public static Path build(Ignite ignite, Recipe recipe, String reference, List<String> entrypoint,
                             Consumer<String> progress) {
        Path work = null;
        try {
            work = Files.createTempDirectory(ignite.home().tmp(), "recipe-");
            progress.accept("building " + reference + " from recipe " + recipe.folder() + " (Debian packages)");
            Path tree = work.resolve("tree");
            recipe.stage(tree, work);
            Path archive = work.resolve("image.oci.tar");
            progress.accept("packing " + reference + " as an OCI image");
            ImagePacker.pack(tree, reference + ":latest", entrypoint,
                    Map.of("org.opencontainers.image.title", reference, "dev.ignite.recipe", recipe.folder()), archive);
            FileTrees.deleteRecursively(tree);
            return archive;
        } catch (IOException | RuntimeException e) {
            if (work != null) {
                FileTrees.deleteQuietly(work, e);
            }
            throw e instanceof IgniteException ie ? ie
                    : new IgniteException("building " + reference + " failed: " + e.getMessage(), e);
        }
    }
}
