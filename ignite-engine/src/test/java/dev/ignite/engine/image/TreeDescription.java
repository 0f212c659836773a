package dev.ignite.engine.image;

import dev.ignite.engine.image.EntryAttributes.EntryType;
import dev.ignite.engine.oci.Digest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a root filesystem tree holds, entry by entry, in a form two extractions can be compared by:
 * type, mode, owner, device numbers, link target, content digest, link count, mtime of files and
 * {@code user.*} xattrs.
 */
record TreeDescription(Map<String, String> entries) {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** A tree extracted by another tool (umoci as root), read from the file system itself. */
    static TreeDescription ofTree(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        for (Path p : walk(root)) {
            String type = typeOf(p);
            int rdev = type.equals("CHAR_DEVICE") || type.equals("BLOCK_DEVICE")
                    ? ((Number) Files.getAttribute(p, "unix:rdev", NOFOLLOW)).intValue() : 0;
            entries.put(root.relativize(p).toString(), describe(p, type,
                    (int) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777,
                    (int) Files.getAttribute(p, "unix:uid", NOFOLLOW), (int) Files.getAttribute(p, "unix:gid", NOFOLLOW),
                    (rdev >> 8) & 0xfff, (rdev & 0xff) | ((rdev >> 12) & 0xfff00), userXattrs(p)));
        }
        return new TreeDescription(entries);
    }

    /** Our staged tree, with owners, modes, devices and xattrs taken from the ownership map as the ext4 image gets them. */
    static TreeDescription ofStaged(Path root, Map<String, EntryAttributes> ownership) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        for (Path p : walk(root)) {
            String name = root.relativize(p).toString();
            EntryAttributes o = ownership.get(name);
            if (o == null) { // a folder no entry named: made as a parent, like umoci does
                entries.put(name, describe(p, typeOf(p), (int) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777,
                        0, 0, 0, 0, Map.of()));
                continue;
            }
            Map<String, String> xattrs = new TreeMap<>();
            o.xattrs().forEach((k, v) -> {
                if (k.startsWith("user.")) {
                    xattrs.put(k, new String(v, StandardCharsets.ISO_8859_1));
                }
            });
            entries.put(name, describe(p, o.type().name(), o.type() == EntryType.SYMLINK ? 0777 : o.mode(), o.uid(),
                    o.gid(), o.devMajor(), o.devMinor(), xattrs));
        }
        return new TreeDescription(entries);
    }

    /** One line per difference, naming the path and both sides. */
    List<String> differencesFrom(TreeDescription other, String ours, String theirs) {
        List<String> diffs = new ArrayList<>();
        Set<String> paths = new TreeSet<>(entries.keySet());
        paths.addAll(other.entries.keySet());
        for (String path : paths) {
            String a = entries.get(path);
            String b = other.entries.get(path);
            if (a == null || !a.equals(b)) {
                diffs.add("/" + path + "\n   " + ours + ": " + a + "\n   " + theirs + ": " + b);
            }
        }
        return diffs;
    }

    private static String describe(Path p, String type, int mode, int uid, int gid, int major, int minor,
                                   Map<String, String> xattrs) throws IOException {
        StringBuilder d = new StringBuilder(type).append(" mode=").append(Integer.toOctalString(mode))
                .append(" owner=").append(uid).append(':').append(gid);
        switch (type) {
            case "SYMLINK" -> d.append(" -> ").append(Files.readSymbolicLink(p));
            case "FILE" -> d.append(" sha256=").append(Digest.of(p).shortId())
                    .append(" links=").append(Files.getAttribute(p, "unix:nlink", NOFOLLOW))
                    .append(" mtime=").append(Files.getLastModifiedTime(p, NOFOLLOW).toInstant().getEpochSecond());
            case "CHAR_DEVICE", "BLOCK_DEVICE" -> d.append(" dev=").append(major).append(',').append(minor);
            default -> { }
        }
        if (!xattrs.isEmpty()) {
            d.append(" xattrs=").append(xattrs);
        }
        return d.toString();
    }

    private static String typeOf(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "SYMLINK";
        }
        if (Files.isDirectory(p, NOFOLLOW)) {
            return "DIRECTORY";
        }
        if (Files.isRegularFile(p, NOFOLLOW)) {
            return "FILE";
        }
        int mode = (int) Files.getAttribute(p, "unix:mode", NOFOLLOW);
        return switch (mode & 0170000) {
            case 0020000 -> "CHAR_DEVICE";
            case 0060000 -> "BLOCK_DEVICE";
            case 0010000 -> "FIFO";
            default -> "OTHER(" + Integer.toOctalString(mode) + ")";
        };
    }

    private static Map<String, String> userXattrs(Path p) throws IOException {
        Map<String, String> xattrs = new TreeMap<>();
        if (Files.isSymbolicLink(p) || !(Files.isRegularFile(p, NOFOLLOW) || Files.isDirectory(p, NOFOLLOW))) {
            return xattrs;
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
        for (String name : view.list()) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(name));
            view.read(name, buf);
            xattrs.put("user." + name, new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
        return xattrs;
    }

    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().toList();
        }
    }
}
