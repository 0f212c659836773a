package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.EntryAttributes.EntryType;
import dev.ignite.engine.oci.Layer;
import dev.ignite.engine.store.FileTrees;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies image layers in order to a staging folder as a container runtime does: whiteouts
 * ({@code .wh.NAME}) delete, opaque markers ({@code .wh..wh..opq}) hide what lower layers put in a
 * folder, and no entry can write outside the root. What the staged files cannot carry when the
 * engine is not root (owners, device nodes) is kept in {@link #ownership()} for the ext4 fix-up.
 */
final class LayerApplier {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String AUFS_METADATA = ".wh..wh.";

    private final Path root;
    private final boolean privileged;
    private final long maxExpandedBytes;
    private LayerBudget budget;
    private final Map<String, EntryAttributes> ownership = new TreeMap<>();
    private final List<Runnable> deferredTimes = new ArrayList<>();
    private final Set<String> writtenByThisLayer = new HashSet<>();

    LayerApplier(Path root, boolean privileged) {
        this(root, privileged, Layer.MAX_EXPANDED_BYTES);
    }

    LayerApplier(Path root, boolean privileged, long maxExpandedBytes) {
        this.root = root;
        this.privileged = privileged;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    /** The engine's own uid, read from /proc/self, which the kernel gives to the calling process. */
    static boolean runningAsRoot() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Image path (no leading slash) to what it must be owned by, for every entry that survived. */
    /** The current entry's xattr values as the tar holds them (binary ones intact). */
    private Map<String, byte[]> rawXattrs = Map.of();

    Map<String, EntryAttributes> ownership() {
        return ownership;
    }

    void apply(InputStream layer, String layerName) throws IOException {
        writtenByThisLayer.clear();
        budget = LayerBudget.start(root, layerName, maxExpandedBytes);
        InputStream expanded = budget.expanded(layer);
        PaxHeaderTap tap = new PaxHeaderTap(expanded);
        TarArchiveInputStream tar = new TarArchiveInputStream(tap);
        TarArchiveEntry entry = null;
        try {
            for (int index = 0; (entry = tar.getNextEntry()) != null; index++) {
                rawXattrs = tap.xattrs(index);
                applyEntry(tar, entry);
            }
            // Read to the end so the layer's digest is checked over every byte, padding included.
            expanded.transferTo(OutputStream.nullOutputStream());
        } catch (UnsafeLayerException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            IgniteException diskFull = e instanceof IOException io && entry != null
                    ? budget.diskFullIfNoSpace(io, root.resolve(RootConfinedPath.normalize(entry.getName())), entry.getSize())
                    : null;
            if (diskFull != null) {
                throw diskFull;
            }
            throw new IgniteException("layer " + layerName + " is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    /** Directory mtimes change as their entries are written, so they are set once all layers are in. */
    void finish() {
        deferredTimes.forEach(Runnable::run);
    }

    private void applyEntry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
        String name = RootConfinedPath.normalize(entry.getName());
        String leaf = name.substring(name.lastIndexOf('/') + 1);
        String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
        if (leaf.equals(OPAQUE)) {
            Path dir = RootConfinedPath.resolveFollowingLinks(root, parent, entry.getName());
            clearLowerLayers(dir, imagePath(dir));
            return;
        }
        if (leaf.startsWith(AUFS_METADATA)) {
            return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): hides nothing
        }
        if (leaf.startsWith(WHITEOUT)) {
            String hidden = leaf.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new UnsafeLayerException(entry.getName(), "a whiteout must name one entry of its folder");
            }
            Path target = RootConfinedPath.resolve(root, parent.isEmpty() ? hidden : parent + "/" + hidden, entry.getName());
            FileTrees.deleteRecursively(target);
            forget(imagePath(target));
            return;
        }
        Path target = RootConfinedPath.resolve(root, name, entry.getName());
        // Owners and layer bookkeeping are keyed by where the entry really lands, links resolved.
        name = imagePath(target);
        writtenByThisLayer.add(name);
        if (name.isEmpty()) {
            record("", entry, EntryType.DIRECTORY);
            return;
        }
        Files.createDirectories(target.getParent());
        if (!entry.isDirectory() && RootConfinedPath.exists(target)) {
            FileTrees.deleteRecursively(target);
        }
        if (entry.isDirectory()) {
            if (RootConfinedPath.exists(target) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            Files.createDirectories(target);
            record(name, entry, EntryType.DIRECTORY);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            record(name, entry, EntryType.SYMLINK);
        } else if (entry.isLink()) {
            Path source = RootConfinedPath.resolve(root, RootConfinedPath.normalize(entry.getLinkName()), entry.getName());
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeLayerException(entry.getName(), "hard link to '" + entry.getLinkName()
                        + "', which is not a file already in the image");
            }
            Files.createLink(target, source);
            EntryAttributes of = ownership.get(imagePath(source));
            if (of != null) {
                ownership.put(name, of);
            }
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            // Staged as an empty placeholder; the ext4 fix-up turns it into the real node.
            Files.createFile(target);
            record(name, entry, entry.isFIFO() ? EntryType.FIFO
                    : entry.isCharacterDevice() ? EntryType.CHAR_DEVICE : EntryType.BLOCK_DEVICE);
        } else if (entry.isFile()) {
            Files.copy(budget.written(tar, target), target);
            record(name, entry, EntryType.FILE);
        } else {
            return; // pax headers and other metadata-only entries
        }
        setAttributes(target, entry);
    }

    /** The image path (no leading slash) of a location under the root. */
    private String imagePath(Path staged) {
        return root.relativize(staged).toString();
    }

    private void setAttributes(Path target, TarArchiveEntry entry) throws IOException {
        boolean link = entry.isSymbolicLink();
        if (!link) {
            int mode = entry.getMode() & 07777;
            // Keep folders writable while staging; the recorded mode is what the image gets.
            Files.setAttribute(target, "unix:mode", entry.isDirectory() ? mode | 0700 : mode);
        }
        if (privileged) {
            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
        FileTime mtime = FileTime.from(entry.getModTime().toInstant());
        if (entry.isDirectory()) {
            deferredTimes.add(() -> setTime(target, mtime));
        } else {
            setTime(target, mtime);
        }
    }

    private static void setTime(Path target, FileTime mtime) {
        try {
            Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(mtime, null, null);
        } catch (IOException ignored) {
            // A folder deleted by a later whiteout has no time to keep.
        }
    }

    private void record(String name, TarArchiveEntry entry, EntryType type) {
        ownership.put(name, new EntryAttributes((int) entry.getLongUserId(), (int) entry.getLongGroupId(),
                entry.getMode() & 07777, type, entry.getDevMajor(), entry.getDevMinor(), PaxXattrs.of(entry, rawXattrs)));
    }

    /**
     * An opaque folder hides what lower layers put in it; entries of the marker's own layer stay,
     * whether the tar lists them before or after the marker.
     */
    private void clearLowerLayers(Path dir, String imageDir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            String imagePath = (imageDir.isEmpty() ? "" : imageDir + "/") + child.getFileName();
            if (!writtenByThisLayer.contains(imagePath)) {
                FileTrees.deleteRecursively(child);
                forget(imagePath);
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                clearLowerLayers(child, imagePath);
            }
        }
    }

    private void forget(String imagePath) {
        ownership.keySet().removeIf(k -> k.equals(imagePath) || k.startsWith(imagePath + "/"));
    }
}
