package dev.ignite.engine.recipe;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.vm.VmSpec;

import java.util.function.Consumer;

/**
 * Images and kernels as {@code docker run} finds them: the store's object of that name (or unique ID
 * prefix); a recipe default, which the launch builds on first use; otherwise the reference is a source
 * (registry, {@code docker-archive:PATH}, {@code oci-archive:PATH}, {@code oci:DIR}, a path) imported
 * now under the reference as its name, so the next use finds it in the store.
 */
public final class OnTheSpot {
    private OnTheSpot() {
    }

    /** Imports the spec's image and kernel if the store lacks them; call before launching it. */
    public static void importMissing(Ignite ignite, VmSpec spec, Consumer<String> progress) {
        String kernel = spec.kernel();
        if (!DefaultArtifacts.builtOnFirstUse(kernel) && ignite.kernels().find(kernel).isEmpty()) {
            progress.accept("kernel " + kernel + " is not in the store: importing it");
            ignite.kernels().importImage(ImportSpec.builder(kernel).setName(kernel).build());
        }
        String image = spec.image();
        if (!DefaultArtifacts.builtOnFirstUse(image) && ignite.images().find(image).isEmpty()) {
            progress.accept("image " + image + " is not in the store: importing it");
            ignite.images().importImage(ImportSpec.builder(image).setName(image).build());
        }
    }
}
