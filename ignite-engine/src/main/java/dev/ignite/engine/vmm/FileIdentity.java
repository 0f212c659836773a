package dev.ignite.engine.vmm;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A binary told apart from an upgraded one cheaply: path, size and modification time. */
public final class FileIdentity {
    private FileIdentity() {
    }

    public static String of(Path file) {
        try {
            return file + " size=" + Files.size(file) + " mtime=" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new IgniteException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
