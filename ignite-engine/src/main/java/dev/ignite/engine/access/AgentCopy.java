package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * File copies through the guest agent as tar streams, read and written in the guest by the agent's
 * own busybox (any image, no tar needed there). Modes and symbolic links are kept, owners are root
 * in the guest and the engine's user on the host. What the guest sends is untrusted: every entry
 * must lie inside the copy, no link the guest made is followed on the host, and only files,
 * folders and symbolic links are written.
 */
final class AgentCopy {
    static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);

    private AgentCopy() {
    }

    /** Copies a host file or tree to {@code target}, which names the copy; parents are made. */
    static void upload(AgentConnection agent, Path source, String target) {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IgniteException("cannot copy " + source + " to the guest: it does not exist on the host");
        }
        String parent = guestParent(target);
        String name = guestName(target);
        busybox(agent, List.of("mkdir", "-p", parent), InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                "making " + parent + " in the guest");
        try (PipedInputStream tar = new PipedInputStream(AgentFrame.MAX_PAYLOAD * 4);
             PipedOutputStream writer = new PipedOutputStream(tar)) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(writer, StandardCharsets.UTF_8.name())) {
                    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
                    writeTree(out, source, name);
                } catch (IOException e) {
                    throw new IgniteException("cannot read " + source + " to copy it to the guest: " + e.getMessage(), e);
                }
            });
            busybox(agent, List.of("tar", "-x", "-C", parent), tar, OutputStream.nullOutputStream(),
                    "copying " + source + " to the guest's " + target);
            tar.transferTo(OutputStream.nullOutputStream()); // tar may stop before the archive's padding
            producer.join();
        } catch (IOException e) {
            throw new IgniteException("copying " + source + " to the guest failed: " + e.getMessage(), e);
        }
    }

    private static void writeTree(TarArchiveOutputStream out, Path source, String name) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                put(out, dir, entryName(source, dir, name) + "/", attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                    throw new IgniteException("cannot copy " + file + " to the guest: only files, folders and"
                            + " symbolic links are copied, not devices, sockets or pipes");
                }
                put(out, file, entryName(source, file, name), attrs);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void put(TarArchiveOutputStream out, Path file, String entryName, BasicFileAttributes attrs)
            throws IOException {
        TarArchiveEntry entry;
        if (attrs.isSymbolicLink()) {
            entry = new TarArchiveEntry(entryName, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else {
            entry = new TarArchiveEntry(entryName);
            entry.setSize(attrs.isRegularFile() ? attrs.size() : 0);
        }
        entry.setMode((entry.isSymbolicLink() ? 0120000 : attrs.isDirectory() ? 040000 : 0100000)
                | (attrs.isSymbolicLink() ? 0777 : SftpCopy.mode(file)));
        entry.setIds(0, 0);
        entry.setModTime(attrs.lastModifiedTime().toMillis());
        out.putArchiveEntry(entry);
        if (attrs.isRegularFile()) {
            Files.copy(file, out);
        }
        out.closeArchiveEntry();
    }

    private static String entryName(Path root, Path entry, String name) {
        String relative = root.relativize(entry).toString();
        return relative.isEmpty() ? name : name + "/" + relative;
    }

    /** Copies a guest file or tree to {@code target} on the host, which names the copy. */
    static void download(AgentConnection agent, String source, Path target) {
        Path tar = null;
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tar = Files.createTempFile(parent, ".ignite-copy-", ".tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                // test -e does not follow a final link (a dangling one is still copied as a link).
                int missing = agent.run(AgentFrame.FLAG_BUSYBOX, List.of("sh", "-c", "test -e \"$1\" || test -L \"$1\"",
                        "sh", source), Map.of(), null, InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                        OutputStream.nullOutputStream(), COPY_TIMEOUT, "test -e " + source);
                if (missing != 0) {
                    throw new IgniteException("cannot copy " + source + " from the guest: it does not exist there");
                }
                busybox(agent, List.of("tar", "-c", "-C", guestParent(source), guestName(source)),
                        InputStream.nullInputStream(), out, "copying the guest's " + source);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                GuestTar.extract(in, guestName(source), target);
            }
        } catch (IOException e) {
            throw new IgniteException("copying the guest's " + source + " to " + target + " failed: " + e.getMessage(), e);
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // a temp file in the target's folder; nothing else depends on it
                }
            }
        }
    }

    private static void busybox(AgentConnection agent, List<String> argv, InputStream stdin, OutputStream stdout,
                                String what) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = agent.run(AgentFrame.FLAG_BUSYBOX, argv, Map.of(), null, stdin, stdout, stderr, COPY_TIMEOUT,
                String.join(" ", argv));
        if (code != 0) {
            throw new IgniteException(what + " failed: " + stderr.toString(StandardCharsets.UTF_8).strip()
                    + " (exit code " + code + ")");
        }
    }

    static String guestParent(String guestPath) {
        requireAbsolute(guestPath);
        String parent = SftpCopy.parentOf(guestPath);
        return parent.isEmpty() ? "/" : parent;
    }

    static String guestName(String guestPath) {
        requireAbsolute(guestPath);
        String trimmed = guestPath.replaceAll("/+$", "");
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IgniteException("a guest path to copy must name a file or folder, not " + guestPath);
        }
        return name;
    }

    private static void requireAbsolute(String guestPath) {
        if (guestPath == null || !guestPath.startsWith("/")) {
            throw new IgniteException("a guest path to copy must be absolute but was: " + guestPath);
        }
    }
}
