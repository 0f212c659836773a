package dev.ignite.engine.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program with {@code umask 077}, so that what it creates in the store (disk images, logs,
 * sockets, memory files) is its user's alone. A JVM cannot set its own umask; {@code sh} sets it
 * and {@code exec}s the program in place, so the PID stays the program's.
 */
public final class PrivateUmask {
    private PrivateUmask() {
    }

    public static List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }
}
