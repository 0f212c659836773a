package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a tar stream that came from a guest to the host, trusting nothing in it: each entry must
 * be the copy's root ({@code name}) or lie below it, without {@code ..}; no folder on the way to an
 * entry may be a symbolic link (one an earlier entry made, say), so nothing is written through a
 * link; a file replaces what was there rather than writing through it; hard links become copies
 * of a file already written inside the copy; devices, pipes and sockets are refused.
 */
final class GuestTar {
    private GuestTar() {
    }

    static void extract(InputStream in, String name, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Deque<Object[]> folderModes = new ArrayDeque<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path dest = destination(root, name, entry.getName());
                requireNoLinkAbove(root, dest);
                int mode = entry.getMode() & 0777;
                if (entry.isDirectory()) {
                    if (Files.isSymbolicLink(dest) || (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS))) {
                        Files.delete(dest);
                    }
                    if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(dest);
                    }
                    folderModes.push(new Object[] {dest, mode});
                } else if (entry.isSymbolicLink()) {
                    replaceable(dest);
                    Files.createSymbolicLink(dest, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path original = destination(root, name, entry.getLinkName());
                    requireNoLinkAbove(root, original);
                    if (!Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
                        throw refused(entry, "a hard link to something not copied before it");
                    }
                    replaceable(dest);
                    Files.copy(original, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                } else if (isRegularFile(entry)) {
                    replaceable(dest);
                    Files.copy(tar, dest);
                    Files.setPosixFilePermissions(dest, SftpCopy.permissions(mode));
                } else {
                    throw refused(entry, "not a file, folder or symbolic link");
                }
            }
        }
        // Folders last, deepest first: a read-only folder must still take its children.
        while (!folderModes.isEmpty()) {
            Object[] folder = folderModes.pop();
            Files.setPosixFilePermissions((Path) folder[0], SftpCopy.permissions((Integer) folder[1]));
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IgniteException("the guest sent no " + name + " to copy");
        }
    }

    /** The entry's host path: the copy's root for {@code name}, else below it; anything else is refused. */
    static Path destination(Path root, String name, String entryName) {
        String path = entryName.startsWith("./") ? entryName.substring(2) : entryName;
        path = path.replaceAll("/+$", "");
        String rest;
        if (path.equals(name)) {
            rest = "";
        } else if (path.startsWith(name + "/")) {
            rest = path.substring(name.length() + 1);
        } else {
            throw new IgniteException("the guest's copy holds " + entryName + ", outside " + name + ": refused");
        }
        Path dest = root;
        for (String part : rest.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IgniteException("the guest's copy holds " + entryName + ", which climbs out with ..: refused");
            }
            dest = dest.resolve(part);
        }
        return dest;
    }

    private static void requireNoLinkAbove(Path root, Path dest) {
        for (Path p = dest.getParent(); p != null && p.startsWith(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IgniteException("the guest's copy would write " + dest + " through the symbolic link " + p
                        + ": refused");
            }
        }
    }

    /** commons-compress calls every entry not a folder a file, devices included: read the type itself. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte type = entry.getLinkFlag();
        return type == TarArchiveEntry.LF_NORMAL || type == TarArchiveEntry.LF_OLDNORM
                || type == TarArchiveEntry.LF_CONTIG;
    }

    /** Removes what is at {@code dest} unless it is a folder (a file never writes through a link). */
    private static void replaceable(Path dest) throws IOException {
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new IgniteException("cannot replace the folder " + dest + " with a file from the guest");
        }
        Files.deleteIfExists(dest);
    }

    private static IgniteException refused(TarArchiveEntry entry, String why) {
        return new IgniteException("the guest's copy holds " + entry.getName() + ", " + why + ": refused");
    }
}
