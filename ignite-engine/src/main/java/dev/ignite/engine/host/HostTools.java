package dev.ignite.engine.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds host programs once per JVM, failing with the package that installs a missing one. */
public final class HostTools {
    /**
     * What making and starting a VM from stored images and kernels runs: the one list behind
     * {@code ignite doctor}'s required checks and JUnit's {@code @EnabledIfMicroVmSupported}.
     * (Recipes need more, and say so.)
     */
    public static final Set<HostTool> VM_TOOLS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
            HostTool.QEMU, HostTool.QEMU_IMG, HostTool.MKFS_EXT4, HostTool.DEBUGFS, HostTool.E2FSCK,
            HostTool.RESIZE2FS, HostTool.BUSYBOX, HostTool.SETPRIV, HostTool.SETSID));
    private static final Map<HostTool, Path> FOUND = new ConcurrentHashMap<>();

    private HostTools() {
    }

    public static Path require(HostTool tool) {
        return FOUND.computeIfAbsent(tool, t -> find(t).orElseThrow(() -> new MissingHostToolException(t)));
    }

    public static Optional<Path> find(HostTool tool) {
        return find(tool.command(), searchPath());
    }

    /** A program the engine may use but that no Debian package installs (e.g. Firecracker). */
    public static Optional<Path> find(String command) {
        return find(command, searchPath());
    }

    static Optional<Path> find(String command, Set<String> dirs) {
        return dirs.stream()
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Set<String> searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(HostTool.extraSearchPath());
        return dirs;
    }
}
