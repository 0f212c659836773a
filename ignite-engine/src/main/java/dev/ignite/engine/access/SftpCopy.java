package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.SFTPClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Recursive copies over SFTP that keep modes, and symbolic links as links. Walked by hand rather
 * than with sshj's SFTPFileTransfer, whose local files report fixed modes (0644/0755) on upload and
 * set only owner/other bits on download. Targets name the copy itself (not a folder to put it
 * in); missing parent folders are made; existing files are replaced and folders merged.
 */
final class SftpCopy {
    /** Outstanding write requests per file; more keep the channel busy on a slow (TCG) guest. */
    private static final int WRITE_AHEAD = 16;
    private static final int READ_AHEAD = 16;

    private SftpCopy() {
    }

    static void upload(SFTPClient sftp, Path source, String target) throws IOException {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IgniteException("cannot copy " + source + " to the guest: it does not exist on the host");
        }
        String parent = parentOf(target);
        if (!parent.isEmpty()) {
            sftp.mkdirs(parent);
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String remote = remotePath(source, dir, target);
                if (sftp.statExistence(remote) == null) {
                    sftp.mkdir(remote);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String remote = remotePath(source, file, target);
                if (attrs.isSymbolicLink()) {
                    if (sftp.statExistence(remote) != null || isLink(sftp, remote)) {
                        sftp.rm(remote);
                    }
                    // OpenSSH's sftp-server (dropbear's) takes SYMLINK's two paths in the reverse of
                    // the draft's order, so the link's target goes first.
                    sftp.symlink(Files.readSymbolicLink(file).toString(), remote);
                } else if (attrs.isRegularFile()) {
                    uploadFile(sftp, file, remote);
                } else {
                    throw new IgniteException("cannot copy " + file + " to the guest: only files, folders and"
                            + " symbolic links are copied, not devices, sockets or pipes");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                // After the contents: a read-only folder must still take its children.
                sftp.chmod(remotePath(source, dir, target), mode(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void uploadFile(SFTPClient sftp, Path file, String remote) throws IOException {
        try (RemoteFile handle = sftp.open(remote, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC));
             OutputStream out = handle.new RemoteFileOutputStream(0, WRITE_AHEAD)) {
            Files.copy(file, out);
        }
        sftp.chmod(remote, mode(file));
    }

    /**
     * Copies {@code source} from the guest to {@code target}. Names come from the guest, which may
     * lie: each must be one plain name (no {@code /}, not {@code .} or {@code ..}), and an entry
     * already at a host path is replaced, never followed, so nothing outside {@code target} changes.
     */
    static void download(SFTPClient sftp, String source, Path target) throws IOException {
        FileAttributes attrs = sftp.statExistence(source);
        if (attrs == null && !isLink(sftp, source)) {
            throw new IgniteException("cannot copy " + source + " from the guest: it does not exist there");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        downloadEntry(sftp, source, sftp.lstat(source), target);
    }

    private static void downloadEntry(SFTPClient sftp, String source, FileAttributes attrs, Path target)
            throws IOException {
        switch (attrs.getType()) {
            case DIRECTORY -> {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    replaceable(target, source);
                    Files.createDirectory(target);
                }
                for (RemoteResourceInfo child : sftp.ls(source)) {
                    String name = child.getName();
                    if (!name.equals(".") && !name.equals("..")) {
                        downloadEntry(sftp, child.getPath(), child.getAttributes(), target.resolve(plainName(name, source)));
                    }
                }
            }
            case REGULAR -> {
                replaceable(target, source);
                try (RemoteFile handle = sftp.open(source, EnumSet.of(OpenMode.READ));
                     InputStream in = handle.new ReadAheadRemoteFileInputStream(READ_AHEAD)) {
                    Files.copy(in, target); // a new file: nothing at target is followed
                }
            }
            case SYMLINK -> {
                // Made as the guest says, and never followed afterwards: every later write replaces it.
                replaceable(target, source);
                Files.createSymbolicLink(target, Path.of(sftp.readlink(source)));
                return;
            }
            default -> throw new IgniteException("cannot copy " + source + " from the guest: it is a "
                    + attrs.getType() + "; only files, folders and symbolic links are copied");
        }
        // Java sets the nine permission bits only; setuid, setgid and sticky stay behind on the host, and
        // so do group and other write bits: a guest must not open a host folder to other users.
        Files.setPosixFilePermissions(target, permissions(attrs.getMode().getPermissionsMask() & ~GROUP_OTHER_WRITE));
    }

    private static final int GROUP_OTHER_WRITE = 0022;

    /** A name the guest listed in {@code folder}, if it names one entry there and nothing else. */
    static String plainName(String name, String folder) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IgniteException("the guest listed an entry named '" + name + "' in " + folder + ": a name with '/',"
                    + " or '.' or '..', could write outside the copy's target, so the copy stopped there");
        }
        return name;
    }

    /** Clears a host path for a new entry: a file or link there is removed (a link is never followed). */
    private static void replaceable(Path target, String source) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IgniteException("cannot copy " + source + " from the guest to " + target
                    + ": a folder is in the way; remove it or copy somewhere else");
        }
        Files.deleteIfExists(target);
    }

    private static boolean isLink(SFTPClient sftp, String path) {
        try {
            return sftp.lstat(path).getType() == FileMode.Type.SYMLINK;
        } catch (IOException e) {
            return false;
        }
    }

    /** Mode bits including setuid, setgid and sticky, which PosixFilePermission cannot express. */
    static int mode(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private static String remotePath(Path root, Path entry, String target) {
        Path relative = root.relativize(entry);
        return relative.toString().isEmpty() ? target : target + "/" + relative.toString().replace('\\', '/');
    }

    static String parentOf(String guestPath) {
        String trimmed = guestPath.endsWith("/") && guestPath.length() > 1
                ? guestPath.substring(0, guestPath.length() - 1) : guestPath;
        int slash = trimmed.lastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : "") : trimmed.substring(0, slash);
    }
}
