package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.image.EntryAttributes.EntryType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns a staged tree into an ext4 image with {@code mkfs.ext4 -d}, then sets with {@code debugfs}
 * what an unprivileged staging could not: owners, device nodes, fifos and folder modes. No mount,
 * no root.
 */
final class RootfsBuilder {
    private static final long MIB = 1 << 20;
    private static final long HEADROOM = 256 * MIB;

    private RootfsBuilder() {
    }

    /** What the tree takes on ext4: file data in 4 KiB blocks plus an inode per entry, hard links once. */
    static long contentBytes(Path staging) throws IOException {
        long total = 0;
        Set<Object> seen = new HashSet<>();
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                total += 256;
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && seen.add(Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                    total += (Files.size(p) + 4095) / 4096 * 4096;
                }
            }
        }
        return total;
    }

    /** Content size plus a third and 256 MiB of headroom; the file is sparse, so headroom is free. */
    static long automaticSize(Path staging) throws IOException {
        long content = contentBytes(staging);
        long size = content + content / 3 + HEADROOM;
        return (size + MIB - 1) / MIB * MIB;
    }

    static void build(Path staging, Map<String, EntryAttributes> ownership, Path output, long sizeBytes, Path scratch)
            throws IOException {
        long size = sizeBytes > 0 ? sizeBytes : automaticSize(staging);
        // The image is sparse: it takes about what the files take, and that must be free where it goes.
        long needed = contentBytes(staging);
        long free = Files.getFileStore(output.toAbsolutePath().getParent()).getUsableSpace();
        if (needed > free) {
            throw new IgniteException("disk full: writing the ext4 image " + output + " needs about "
                    + LayerBudget.bytes(needed) + ", but only " + LayerBudget.bytes(free) + " are free on that disk;"
                    + " free some space (or point IGNITE_HOME at a larger disk) and import again");
        }
        // Byte-identical for the same tree on any machine: UUID, hash seed, clock and inode times fixed.
        String uuid = ReproducibleExt4.uuidOf(staging).toString();
        String times = ReproducibleExt4.normalizeTimes(staging);
        ReproducibleExt4.check(ReproducibleExt4.withFixedClock(HostTool.MKFS_EXT4, "-q", "-F", "-t", "ext4", "-m", "0",
                "-L", "rootfs", "-U", uuid, "-E", "root_owner=0:0,hash_seed=" + uuid, "-d", staging.toString(),
                output.toString(), (size / 1024) + "k"));
        Path values = Files.createDirectories(scratch.resolve("xattr-values"));
        String script = fixUpScript(staging, ownership, values) + times;
        Path scriptFile = scratch.resolve("debugfs.script");
        Files.writeString(scriptFile, script);
        var result = ReproducibleExt4.check(ReproducibleExt4.withFixedClock(HostTool.DEBUGFS, "-w", "-f",
                scriptFile.toString(), output.toString()));
        String errors = result.stderr().lines()
                .filter(line -> !line.startsWith("debugfs "))
                .findFirst().orElse("");
        if (!errors.isEmpty()) {
            throw new IgniteException("fixing owners in the ext4 image failed: " + errors);
        }
    }

    /** debugfs commands for every entry whose staged owner, mode or type differs from the image's. */
    static String fixUpScript(Path staging, Map<String, EntryAttributes> ownership, Path xattrValues) throws IOException {
        StringBuilder script = new StringBuilder();
        int valueFiles = 0;
        for (Map.Entry<String, EntryAttributes> e : ownership.entrySet()) {
            String imagePath = "/" + e.getKey();
            EntryAttributes want = e.getValue();
            Path staged = staging.resolve(e.getKey());
            if (!Files.exists(staged, LinkOption.NOFOLLOW_LINKS) || passesThroughALink(staging, e.getKey())) {
                continue; // gone, or a stale name whose folder a later layer turned into a link
            }
            String quoted = quote(imagePath);
            StringBuilder xattrs = new StringBuilder();
            for (Map.Entry<String, byte[]> xattr : want.xattrs().entrySet()) {
                // Values go through files: they may be binary (file capabilities, ACLs).
                Path value = xattrValues.resolve(Integer.toString(valueFiles++));
                Files.write(value, xattr.getValue());
                xattrs.append("ea_set -f ").append(quote(value.toString())).append(' ').append(quoted).append(' ')
                        .append(quote(xattr.getKey())).append('\n');
            }
            int typeBits = typeBits(want.type());
            if (want.type() == EntryType.CHAR_DEVICE || want.type() == EntryType.BLOCK_DEVICE
                    || want.type() == EntryType.FIFO) {
                // debugfs links mknod's argument as one name in its current folder: cd there first.
                int slash = imagePath.lastIndexOf('/');
                String parent = slash == 0 ? "/" : imagePath.substring(0, slash);
                script.append("rm ").append(quoted).append('\n');
                script.append("cd ").append(quote(parent)).append('\n');
                script.append("mknod ").append(quote(imagePath.substring(slash + 1))).append(' ').append(switch (want.type()) {
                    case FIFO -> "p";
                    case CHAR_DEVICE -> "c " + want.devMajor() + " " + want.devMinor();
                    default -> "b " + want.devMajor() + " " + want.devMinor();
                }).append('\n');
                script.append("cd /\n");
                script.append(sif(quoted, "mode", "0" + Integer.toOctalString(typeBits | want.mode())));
                script.append(sif(quoted, "uid", want.uid())).append(sif(quoted, "gid", want.gid()));
                script.append(xattrs);
                continue;
            }
            int stagedUid = (int) Files.getAttribute(staged, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int stagedGid = (int) Files.getAttribute(staged, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            int stagedMode = (int) Files.getAttribute(staged, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if (stagedUid != want.uid()) {
                script.append(sif(quoted, "uid", want.uid()));
            }
            if (stagedGid != want.gid()) {
                script.append(sif(quoted, "gid", want.gid()));
            }
            if (want.type() != EntryType.SYMLINK && stagedMode != want.mode()) {
                script.append(sif(quoted, "mode", "0" + Integer.toOctalString(typeBits | want.mode())));
            }
            script.append(xattrs);
        }
        return script.toString();
    }

    /** Whether a folder on the way to {@code imagePath} is a link: its staged attributes would be another file's. */
    private static boolean passesThroughALink(Path staging, String imagePath) throws IOException {
        Path parent = staging.resolve(imagePath).getParent();
        try {
            return !RootConfinedPath.resolveFollowingLinks(staging, staging.relativize(parent).toString(), imagePath)
                    .equals(parent);
        } catch (UnsafeLayerException e) {
            return true;
        }
    }

    private static String sif(String quotedPath, String field, Object value) {
        return "sif " + quotedPath + " " + field + " " + value + "\n";
    }

    private static int typeBits(EntryType type) {
        return switch (type) {
            case FILE -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case CHAR_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
            case FIFO -> 0010000;
        };
    }

    private static String quote(String path) {
        // debugfs reads a backslash literally (systemd names units like system-systemd\x2dcryptsetup.slice).
        if (path.indexOf('"') >= 0 || path.indexOf('\n') >= 0) {
            throw new IgniteException("image path '" + path.replace("\n", "\\n")
                    + "' has a double quote or newline, which the ext4 fix-up cannot express");
        }
        return '"' + path + '"';
    }
}
