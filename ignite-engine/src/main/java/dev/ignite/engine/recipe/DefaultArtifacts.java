package dev.ignite.engine.recipe;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.store.StoreLock;
import dev.ignite.engine.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
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
        return ensureRecipeImage(ignite, Recipe.TINY_IMAGE, Ignite.DEFAULT_IMAGE, progress);
    }

    /** Debian 12 with systemd as PID 1 ({@code images/debian}), built with mmdebstrap on first use. */
    public static Image ensureDebianImage(Ignite ignite, Consumer<String> progress) {
        return ensureRecipeImage(ignite, Recipe.DEBIAN_IMAGE, Ignite.DEBIAN_IMAGE, progress);
    }

    public static Kernel ensureKernel(Ignite ignite, Consumer<String> progress) {
        return ensureRecipeKernel(ignite, Recipe.DEBIAN_CLOUD_KERNEL, Ignite.DEFAULT_KERNEL, progress);
    }

    /** The optional all-built-in kernel ({@code kernels/microvm}), compiled from source on first use. */
    public static Kernel ensureMicrovmKernel(Ignite ignite, Consumer<String> progress) {
        return ensureRecipeKernel(ignite, Recipe.MICROVM_KERNEL, Ignite.MICROVM_KERNEL, progress);
    }

    /** An image recipe's result under {@code name}, with /sbin/init as its entrypoint. */
    private static Image ensureRecipeImage(Ignite ignite, Recipe recipe, String name, Consumer<String> progress) {
        return ensure(ignite, recipe, name, ignite.images()::find, progress, archive -> {
            progress.accept("importing " + name + " into " + ignite.home());
            return ignite.images().importArchive(archive, name, 0);
        }, List.of("/sbin/init"));
    }

    private static Kernel ensureRecipeKernel(Ignite ignite, Recipe recipe, String name, Consumer<String> progress) {
        return ensure(ignite, recipe, name, ignite.kernels()::find, progress, archive -> {
            progress.accept("importing " + name + " into " + ignite.home());
            return ignite.kernels().importArchive(archive, name);
        }, List.of());
    }

    /**
     * The store's object of that name if the current recipe made it (a marker file records which
     * recipe digest built which object), else built from the recipe now, once across JVMs.
     */
    private static <T extends StoredObject<T>> T ensure(Ignite ignite, Recipe recipe, String name,
                                                       Function<String, Optional<T>> find, Consumer<String> progress,
                                                       Function<Path, T> importer, List<String> entrypoint) {
        try (StoreLock ignored = StoreLock.acquire(ignite.home(), "default-" + recipe.name().toLowerCase(Locale.ROOT))) {
            Path marker = ignite.home().root().resolve("recipes").resolve(recipe.name().toLowerCase(Locale.ROOT));
            String wanted = recipe.digest();
            Optional<T> existing = find.apply(name);
            if (existing.isPresent() && (wanted + " " + existing.get().id()).equals(readQuietly(marker))) {
                return existing.get();
            }
            if (existing.isPresent()) {
                progress.accept("recipe " + recipe.folder() + " changed since " + name + " was built: building it again");
            }
            Path archive = build(ignite, recipe, name, entrypoint, progress);
            try {
                T built = importer.apply(archive);
                PrivateFiles.createDirectories(marker.getParent());
                PrivateFiles.write(marker, (wanted + " " + built.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return built;
            } catch (IOException e) {
                throw new IgniteException("cannot record which recipe built " + name + ": " + e.getMessage(), e);
            } finally {
                FileTrees.deleteQuietly(archive.getParent(), null);
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the engine builds this image or kernel from a recipe of its own when it is first named. */
    public static boolean builtOnFirstUse(String reference) {
        return Ignite.DEFAULT_IMAGE.equals(reference) || Ignite.DEBIAN_IMAGE.equals(reference)
                || Ignite.DEFAULT_KERNEL.equals(reference) || Ignite.MICROVM_KERNEL.equals(reference);
    }

    /** Builds the named image and kernel if they are recipe defaults the store lacks (or made by an older recipe). */
    public static void ensureNamed(Ignite ignite, String image, String kernel, Consumer<String> progress) {
        if (Ignite.DEFAULT_KERNEL.equals(kernel)) {
            ensureKernel(ignite, progress);
        } else if (Ignite.MICROVM_KERNEL.equals(kernel)) {
            ensureMicrovmKernel(ignite, progress);
        }
        if (Ignite.DEFAULT_IMAGE.equals(image)) {
            ensureImage(ignite, progress);
        } else if (Ignite.DEBIAN_IMAGE.equals(image)) {
            ensureDebianImage(ignite, progress);
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
            progress.accept("building " + reference + " from recipe " + recipe.folder() + " (" + recipe.how() + ")");
            Path tree = work.resolve(recipe.writesLayerTar() ? "layer.tar" : "tree");
            recipe.stage(tree, work);
            Path archive = work.resolve("image.oci.tar");
            progress.accept("packing " + reference + " as an OCI image");
            Map<String, String> labels = Map.of("org.opencontainers.image.title", reference,
                    "dev.ignite.recipe", recipe.folder());
            if (recipe.writesLayerTar()) {
                ImagePacker.packLayer(tree, reference + ":latest", entrypoint, labels, archive);
                Files.delete(tree);
            } else {
                ImagePacker.pack(tree, reference + ":latest", entrypoint, labels, archive);
                FileTrees.deleteRecursively(tree);
            }
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
