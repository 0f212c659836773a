package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.DefaultArtifacts;

/** Opens the store for a command, building the defaults first when the command names them. */
final class Engine {
    private Engine() {
    }

    static Ignite open() {
        return Ignite.open();
    }

    static void ensureDefaultsIfNamed(Ignite ignite, String image, String kernel) {
        if (Ignite.DEFAULT_KERNEL.equals(kernel)) {
            DefaultArtifacts.ensureKernel(ignite, Engine::progress);
        }
        if (Ignite.DEFAULT_IMAGE.equals(image)) {
            DefaultArtifacts.ensureImage(ignite, Engine::progress);
        }
        if (Ignite.DEBIAN_IMAGE.equals(image)) {
            DefaultArtifacts.ensureDebianImage(ignite, Engine::progress);
        }
    }

    static void progress(String message) {
        System.err.println("==> " + message);
    }
}
