package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A kernel's module tree: finds modules by name, reads their dependencies from the {@code depends=}
 * field of their {@code .modinfo} section (no depmod needed), and orders them for loading.
 */
final class KernelModules {
    private final Map<String, Path> byName = new HashMap<>();
    private final Set<String> builtin = new LinkedHashSet<>();

    private KernelModules(Path moduleTree) throws IOException {
        try (Stream<Path> walk = Files.walk(moduleTree)) {
            // Only files the tree itself holds: a module that is a link may point at any host file.
            walk.filter(p -> moduleName(p).isPresent() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> byName.putIfAbsent(moduleName(p).get(), p));
        }
        Path builtinList = moduleTree.resolve("modules.builtin");
        if (Files.isRegularFile(builtinList, LinkOption.NOFOLLOW_LINKS)) {
            for (String line : Files.readAllLines(builtinList)) {
                moduleName(Path.of(line)).ifPresent(builtin::add);
            }
        }
    }

    static KernelModules scan(Path moduleTree) {
        try {
            return new KernelModules(moduleTree);
        } catch (IOException e) {
            throw new IgniteException("cannot read kernel modules in " + moduleTree + ": " + e.getMessage(), e);
        }
    }

    /** {@code virtio_blk.ko.xz} → {@code virtio_blk}; dashes and underscores are the same to modprobe. */
    static Optional<String> moduleName(Path file) {
        String name = file.getFileName().toString();
        int ko = name.indexOf(".ko");
        if (ko < 0 || !(name.endsWith(".ko") || name.endsWith(".ko.xz") || name.endsWith(".ko.zst") || name.endsWith(".ko.gz"))) {
            return Optional.empty();
        }
        return Optional.of(name.substring(0, ko).replace('-', '_'));
    }

    boolean isBuiltin(String module) {
        return builtin.contains(module);
    }

    boolean hasModule(String module) {
        return byName.containsKey(module);
    }

    /**
     * The wanted modules that are not built in, preceded by everything they depend on, each once.
     * A wanted module that is neither a file nor built in is left out: the kernel config decides
     * whether that is fatal.
     */
    List<String> loadOrder(List<String> wanted) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String module : wanted) {
            visit(module, order, new LinkedHashSet<>());
        }
        return new ArrayList<>(order);
    }

    private void visit(String module, Set<String> order, Set<String> path) {
        if (order.contains(module) || !byName.containsKey(module)) {
            return;
        }
        if (!path.add(module)) {
            throw new IgniteException("kernel modules depend on each other in a cycle: " + path);
        }
        for (String dependency : dependencies(module)) {
            visit(dependency, order, path);
        }
        order.add(module);
    }

    List<String> dependencies(String module) {
        String modinfo = new String(decompressed(module), StandardCharsets.ISO_8859_1);
        int at = modinfo.indexOf("\0depends=");
        if (at < 0) {
            return List.of();
        }
        int start = at + "\0depends=".length();
        String list = modinfo.substring(start, modinfo.indexOf('\0', start));
        List<String> deps = new ArrayList<>();
        for (String dep : list.split(",")) {
            if (!dep.isBlank()) {
                deps.add(dep.trim().replace('-', '_'));
            }
        }
        return deps;
    }

    /** The module as an ELF object that busybox insmod loads: compressed modules are expanded. */
    byte[] decompressed(String module) {
        Path file = byName.get(module);
        String name = file.getFileName().toString();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".xz") ? new XZCompressorInputStream(raw)
                     : name.endsWith(".zst") ? new ZstdCompressorInputStream(raw)
                     : name.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw)
                     : raw) {
            return in.readAllBytes();
        } catch (IOException | NoClassDefFoundError e) {
            throw new IgniteException("cannot read kernel module " + file + ": " + e.getMessage(), e);
        }
    }
}
