package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;

import java.nio.file.Path;

/** A metadata file in the store cannot be read; listings report it by name and skip it. */
public final class CorruptMetadataException extends IgniteException {
    private final Path file;

    public CorruptMetadataException(Path file, Throwable cause) {
        super("metadata file " + file + " is unreadable (" + cause.getMessage().lines().findFirst().orElse("")
                + "): remove it or its folder", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
