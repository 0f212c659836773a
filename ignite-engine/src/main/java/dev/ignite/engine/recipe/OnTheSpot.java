package dev.ignite.engine.recipe;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.kernel.Kernel;

import java.util.function.Consumer;

/**
 * Images and kernels as {@code docker run} finds them: the store's object of that name (or unique ID
 * prefix); a recipe default built on first use; otherwise the reference is a source (registry,
 * {@code docker-archive:PATH}, {@code oci-archive:PATH}, {@code oci:DIR}, a path) imported now under
 * the reference as its name, so the next use finds it in the store.
 */
public final class OnTheSpot {
    private OnTheSpot() {
    }

    public static Image image(Ignite ignite, String reference, Consumer<String> progress) {
        if (DefaultArtifacts.builtOnFirstUse(reference)) {
            DefaultArtifacts.ensureNamed(ignite, reference, null, progress);
        }
        return ignite.images().find(reference).orElseGet(() -> {
            progress.accept("image " + reference + " is not in the store: importing it");
            return ignite.images().importImage(ImportSpec.builder(reference).setName(reference).build());
        });
    }

    public static Kernel kernel(Ignite ignite, String reference, Consumer<String> progress) {
        if (DefaultArtifacts.builtOnFirstUse(reference)) {
            DefaultArtifacts.ensureNamed(ignite, null, reference, progress);
        }
        return ignite.kernels().find(reference).orElseGet(() -> {
            progress.accept("kernel " + reference + " is not in the store: importing it");
            return ignite.kernels().importImage(ImportSpec.builder(reference).setName(reference).build());
        });
    }
}
