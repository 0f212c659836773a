package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

import java.nio.file.Path;
import java.util.Objects;

/** A host file or folder to copy into a VM at create, like Ignite's {@code --copy-files host:guest}. */
public record FileCopy(Path hostPath, String guestPath) {
    public FileCopy {
        Objects.requireNonNull(hostPath, "hostPath");
        if (guestPath == null || !guestPath.startsWith("/") || guestPath.equals("/")
                || java.util.Arrays.asList(guestPath.split("/")).contains("..")) {
            throw new IgniteException("guest path '" + guestPath + "' must be an absolute path below / without '..'");
        }
    }

    /** Parses {@code hostPath:guestPath}. */
    public static FileCopy parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IgniteException("file copy '" + text + "' is not HOST_PATH:GUEST_PATH");
        }
        return new FileCopy(Path.of(text.substring(0, colon)), text.substring(colon + 1));
    }
}
