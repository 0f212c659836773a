package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.DefaultArtifacts;

import java.io.PrintWriter;

/** Opens the store for a command, building the defaults first when the command names them. */
final class Engine {
    private Engine() {
    }

    static Ignite open() {
        return Ignite.open();
    }

    /** The default kernel and image are built on first use (about a minute): progress shows on {@code err}. */
    static void ensureDefaultsIfNamed(Ignite ignite, String image, String kernel, PrintWriter err) {
        try (Progress progress = Progress.on(err)) {
            DefaultArtifacts.ensureNamed(ignite, image, kernel, progress);
        }
    }
}
