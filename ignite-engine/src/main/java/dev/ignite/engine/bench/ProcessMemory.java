package dev.ignite.engine.bench;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory from /proc: RSS, and PSS (pages shared with other processes split among them). */
final class ProcessMemory {
    private ProcessMemory() {
    }

    static double rssMib(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    static double pssMib(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") / 1024.0;
    }

    private static long kib(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
            throw new IgniteException(file + " has no " + field);
        } catch (IOException e) {
            throw new IgniteException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
