package dev.ignite.engine.oci;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a folder as one image layer: every entry owned by root (as a recipe run by anyone means
 * it), modes kept with their setuid bits, symlinks as links, hard links once, entries sorted and
 * time-stamped alike so the same tree always gives the same digest.
 */
final class LayerTarWriter {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private LayerTarWriter() {
    }

    static void write(Path tree, OutputStream out) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(tree)) {
            paths = walk.filter(p -> !p.equals(tree)).sorted().toList();
        }
        Map<Object, String> firstByInode = new HashMap<>();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : paths) {
                String name = tree.relativize(path).toString();
                int mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                TarArchiveEntry entry;
                boolean withContent = false;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    mode = 0777;
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new TarArchiveEntry(path.toFile(), name + "/");
                } else {
                    Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    int links = (int) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                    String first = links > 1 ? firstByInode.putIfAbsent(inode, name) : null;
                    if (first != null) {
                        entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                        entry.setLinkName(first);
                    } else {
                        entry = new TarArchiveEntry(path.toFile(), name);
                        withContent = true;
                    }
                }
                entry.setMode(entry.getMode() & ~07777 | mode);
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("root");
                entry.setGroupName("root");
                entry.setModTime(EPOCH);
                tar.putArchiveEntry(entry);
                if (withContent) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}
