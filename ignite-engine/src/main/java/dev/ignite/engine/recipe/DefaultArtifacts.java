package dev.ignite.engine.recipe;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImageStore;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.kernel.KernelStore;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
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
 * The images and kernels the engine builds from its own recipes the first time they are named, and
 * then takes from the store. Several JVMs asking at once build them once. Reached through
 * {@code Ignite.defaults()}; a launch calls {@link #ensureNamed} itself.
 */
public final class DefaultArtifacts {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultArtifacts.class);
    /** The default image: busybox and dropbear ({@code images/tiny}). */
    public static final String TINY_IMAGE = "ignite/tiny";
    /** Debian 12 with systemd ({@code images/debian}). */
    public static final String DEBIAN_IMAGE = "ignite/debian";
    /** The default kernel: Debian's cloud kernel ({@code kernels/debian-cloud}). */
    public static final String DEBIAN_CLOUD_KERNEL = "ignite/debian-cloud";
    /** The optional all-built-in kernel ({@code kernels/microvm}), compiled on first use. */
    public static final String MICROVM_KERNEL = "ignite/microvm";

    /** The images and kernels the engine builds from its own recipes when first named: the one list. */
    private enum Default {
        TINY(TINY_IMAGE, Recipe.TINY_IMAGE, true),
        DEBIAN(DEBIAN_IMAGE, Recipe.DEBIAN_IMAGE, true),
        DEBIAN_CLOUD(DEBIAN_CLOUD_KERNEL, Recipe.DEBIAN_CLOUD_KERNEL, false),
        MICROVM(MICROVM_KERNEL, Recipe.MICROVM_KERNEL, false);

        final String reference;
        final Recipe recipe;
        final boolean image;

        Default(String reference, Recipe recipe, boolean image) {
            this.reference = reference;
            this.recipe = recipe;
            this.image = image;
        }
    }

    private final IgniteHome home;
    private final ImageStore images;
    private final KernelStore kernels;

    public DefaultArtifacts(IgniteHome home, ImageStore images, KernelStore kernels) {
        this.home = home;
        this.images = images;
        this.kernels = kernels;
    }

    public Image ensureImage(Consumer<String> progress) {
        return ensureRecipeImage(Default.TINY, progress);
    }

    /** Debian 12 with systemd as PID 1 ({@code images/debian}), built with mmdebstrap on first use. */
    public Image ensureDebianImage(Consumer<String> progress) {
        return ensureRecipeImage(Default.DEBIAN, progress);
    }

    public Kernel ensureKernel(Consumer<String> progress) {
        return ensureRecipeKernel(Default.DEBIAN_CLOUD, progress);
    }

    /** The optional all-built-in kernel ({@code kernels/microvm}), compiled from source on first use. */
    public Kernel ensureMicrovmKernel(Consumer<String> progress) {
        return ensureRecipeKernel(Default.MICROVM, progress);
    }

    /** An image recipe's result under {@code name}, with /sbin/init as its entrypoint. */
    private Image ensureRecipeImage(Default image, Consumer<String> progress) {
        String name = image.reference;
        return ensure(image.recipe, name, images::find, progress, archive -> {
            progress.accept("importing " + name + " into " + home);
            return images.importArchive(archive, name, 0);
        }, List.of("/sbin/init"));
    }

    private Kernel ensureRecipeKernel(Default kernel, Consumer<String> progress) {
        String name = kernel.reference;
        return ensure(kernel.recipe, name, kernels::find, progress, archive -> {
            progress.accept("importing " + name + " into " + home);
            return kernels.importArchive(archive, name);
        }, List.of());
    }

    /**
     * The store's object of that name if the current recipe made it (a marker file records which
     * recipe digest built which object), else built from the recipe now, once across JVMs.
     */
    private <T extends StoredObject<T>> T ensure(Recipe recipe, String name,
                                                       Function<String, Optional<T>> find, Consumer<String> progress,
                                                       Function<Path, T> importer, List<String> entrypoint) {
        try (StoreLock ignored = StoreLock.acquire(home, "default-" + recipe.name().toLowerCase(Locale.ROOT))) {
            Path marker = home.root().resolve("recipes").resolve(recipe.name().toLowerCase(Locale.ROOT));
            String wanted = recipe.digest();
            Optional<T> existing = find.apply(name);
            if (existing.isPresent() && (wanted + " " + existing.get().id()).equals(readQuietly(marker))) {
                return existing.get();
            }
            if (existing.isPresent()) {
                progress.accept("recipe " + recipe.folder() + " changed since " + name + " was built: building it again");
            }
            Path archive = build(recipe, name, entrypoint, progress);
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
        return namesBuiltOnFirstUse().contains(reference);
    }

    /** The names of the images and kernels the engine builds on first use. */
    public static List<String> namesBuiltOnFirstUse() {
        return java.util.Arrays.stream(Default.values()).map(d -> d.reference).toList();
    }

    /** Builds the named image and kernel if they are recipe defaults the store lacks (or made by an older recipe). */
    public void ensureNamed(String image, String kernel, Consumer<String> progress) {
        for (Default d : Default.values()) {
            if (!d.image && d.reference.equals(kernel)) {
                ensureRecipeKernel(d, progress);
            }
        }
        for (Default d : Default.values()) {
            if (d.image && d.reference.equals(image)) {
                ensureRecipeImage(d, progress);
            }
        }
    }

    /** Both defaults, logging progress through SLF4J. */
    public void ensureDefaults() {
        ensureKernel(LOG::info);
        ensureImage(LOG::info);
    }

    /** Runs the recipe and packs its tree as an OCI archive in a fresh work folder. */
    public Path build(Recipe recipe, String reference, List<String> entrypoint,
                             Consumer<String> progress) {
        Path work = null;
        try {
            work = Files.createTempDirectory(home.tmp(), "recipe-");
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
