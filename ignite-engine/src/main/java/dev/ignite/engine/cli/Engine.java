package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;

/** Opens the store for a command. */
final class Engine {
    private Engine() {
    }

    static Ignite open() {
        return Ignite.open();
    }
}
