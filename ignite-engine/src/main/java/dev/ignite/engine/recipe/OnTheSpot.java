package dev.ignite.engine.recipe;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.vm.VmSpec;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Images and kernels as {@code docker run} finds them: the store's object of that name (or unique ID
 * prefix); a recipe default, which the launch builds on first use; otherwise the reference is a source
 * (registry, {@code docker-archive:PATH}, {@code oci-archive:PATH}, {@code oci:DIR}, a path) imported
 * now under the reference as its name, so the next use finds it in the store.
 */
public final class OnTheSpot {
    private OnTheSpot() {
    }

    /**
     * Whether the reference can only mean a source to import, never a name in the store: a transport
     * prefix ({@code oci-archive:}, {@code docker-archive:}, {@code oci:}, {@code docker://}), an
     * existing file or folder, or a registry reference with its host ({@code localhost:5000/app}).
     * A bare name ({@code app}, {@code team/app}) is not: missing from the store, it is more likely a
     * typo than an image on Docker Hub.
     */
    public static boolean namesASource(String reference) {
        if (reference.matches("(docker|docker-archive|oci-archive|oci):.*")) {
            return true;
        }
        try {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(reference))) {
                return true;
            }
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        int slash = reference.indexOf('/');
        String first = slash < 0 ? "" : reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /**
     * Imports the spec's image and kernel if the store lacks them and they {@linkplain #namesASource
     * name a source}; a missing bare name is left for the launch to report. For front ends that must
     * not guess a registry (the JUnit extension: a typo would become a pull from Docker Hub).
     */
    public static void importMissingSources(Ignite ignite, VmSpec spec, Consumer<String> progress) {
        importMissing(ignite, spec, progress, OnTheSpot::namesASource);
    }

    /** Imports the spec's image and kernel if the store lacks them; call before launching it. */
    public static void importMissing(Ignite ignite, VmSpec spec, Consumer<String> progress) {
        importMissing(ignite, spec, progress, reference -> !DefaultArtifacts.builtOnFirstUse(reference));
    }

    private static void importMissing(Ignite ignite, VmSpec spec, Consumer<String> progress,
                                      Predicate<String> importable) {
        String kernel = spec.kernel();
        if (importable.test(kernel) && ignite.kernels().find(kernel).isEmpty()) {
            progress.accept("kernel " + kernel + " is not in the store: importing it");
            ignite.kernels().importImage(ImportSpec.builder(kernel).setName(kernel).build());
        }
        String image = spec.image();
        if (importable.test(image) && ignite.images().find(image).isEmpty()) {
            progress.accept("image " + image + " is not in the store: importing it");
            ignite.images().importImage(ImportSpec.builder(image).setName(image).build());
        }
    }
}
