package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.RootConfinedPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The unpacked file tree of a kernel image: where its kernel binary, config and modules are, its
 * version, and whether it can boot a microVM at all.
 */
record KernelTree(Path kernelImage, Optional<Path> config, Path moduleTree, String version) {
    /** Options the boot path cannot do without, each built in or present as a module. */
    private static final Map<String, String> REQUIRED = Map.of(
            "CONFIG_VIRTIO_MMIO", "virtio_mmio",
            "CONFIG_VIRTIO_BLK", "virtio_blk",
            "CONFIG_VIRTIO_NET", "virtio_net",
            "CONFIG_EXT4_FS", "ext4");

    /**
     * Finds the kernel's parts inside the unpacked {@code tree}, which an image controls: links are
     * followed as the guest would see them, within the tree, and only regular files and folders
     * found that way are taken, so a link to a host path can neither be moved into the store nor read.
     */
    static KernelTree locate(Path tree, String source) throws IOException {
        String[] kernelNames = {"vmlinuz", "vmlinuz-", "bzImage", "vmlinux", "vmlinux-"};
        Path kernel = firstMatch(tree, "boot", kernelNames)
                .or(() -> firstMatch(tree, "", kernelNames))
                .orElseThrow(() -> new IgniteException("kernel image " + source
                        + " has no kernel: expected /boot/vmlinuz (a bzImage) or /boot/vmlinux"));
        Path modulesRoot = inTree(tree, "lib/modules", source);
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(modulesRoot, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : list(modulesRoot)) {
                Path version = inTree(tree, tree.relativize(entry).toString(), source);
                if (Files.isDirectory(version, LinkOption.NOFOLLOW_LINKS)) {
                    versions.add(version);
                }
            }
        }
        if (versions.size() != 1) {
            throw new IgniteException("kernel image " + source + " must hold exactly one /lib/modules/VERSION folder, found "
                    + versions.size());
        }
        Path moduleTree = versions.get(0);
        String version = bzImageVersion(kernel).orElse(moduleTree.getFileName().toString());
        Optional<Path> config = firstMatch(tree, "boot", "config", "config-");
        return new KernelTree(kernel, config, moduleTree, version);
    }

    /** Fails with every missing option named, so a wrong kernel is refused at import, not at boot. */
    void checkMicroVmSupport(KernelModules modules, String source) throws IOException {
        if (config.isEmpty()) {
            return; // Without a config the boot itself is the check; the missing-module error names it.
        }
        String text = Files.readString(config.get(), StandardCharsets.ISO_8859_1);
        List<String> missing = new ArrayList<>();
        for (var option : REQUIRED.entrySet()) {
            boolean builtIn = text.contains("\n" + option.getKey() + "=y");
            boolean module = text.contains("\n" + option.getKey() + "=m") && modules.hasModule(option.getValue());
            if (!builtIn && !module) {
                missing.add(option.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IgniteException("kernel image " + source + " cannot boot a microVM: it lacks "
                    + missing.stream().sorted().collect(Collectors.joining(", "))
                    + " (neither built in nor shipped as a module)");
        }
    }

    /** A bzImage names its release in its setup header: the string {@code uname -r} later shows. */
    static Optional<String> bzImageVersion(Path kernel) throws IOException {
        byte[] head = new byte[0x4000];
        int n;
        try (var in = Files.newInputStream(kernel)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n < 0x210 || head[0x202] != 'H' || head[0x203] != 'd' || head[0x204] != 'r' || head[0x205] != 'S') {
            return Optional.empty();
        }
        int offset = ((head[0x20E] & 0xff) | (head[0x20F] & 0xff) << 8) + 0x200;
        if (offset <= 0x200 || offset >= n) {
            return Optional.empty();
        }
        int end = offset;
        while (end < n && head[end] != 0 && head[end] != ' ') {
            end++;
        }
        return Optional.of(new String(head, offset, end - offset, StandardCharsets.US_ASCII));
    }

    /** The first regular file in image folder {@code dir} named as {@code prefixes} say (in their order). */
    private static Optional<Path> firstMatch(Path tree, String dir, String... prefixes) {
        List<Path> files;
        try {
            Path folder = RootConfinedPath.resolveFollowingLinks(tree, dir, dir);
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            files = list(folder);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String prefix : prefixes) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean matches = prefix.endsWith("-") ? name.startsWith(prefix) : name.equals(prefix);
                if (matches) {
                    try {
                        Path file = RootConfinedPath.resolveFollowingLinks(tree, tree.relativize(f).toString(), name);
                        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                            return Optional.of(file);
                        }
                    } catch (IOException | IgniteException e) {
                        // a link leading nowhere, or out of the tree: not a kernel
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code imagePath} resolved the way the guest would, never outside {@code tree}. */
    private static Path inTree(Path tree, String imagePath, String source) throws IOException {
        try {
            return RootConfinedPath.resolveFollowingLinks(tree, imagePath, imagePath);
        } catch (IgniteException e) {
            throw new IgniteException("kernel image " + source + ": /" + imagePath + " leads out of the image ("
                    + e.getMessage() + ")", e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
