package dev.ignite.engine.oci;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Builds a layer tar entry by entry, for tests: any type, owner, mode and xattr a real image may hold. */
public final class LayerTar {
    private static final Date MTIME = Date.from(Instant.parse("2024-01-02T03:04:05Z"));

    private final List<TarArchiveEntry> headers = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    public LayerTar dir(String name, int mode) {
        return add(header(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 040000 | mode), null);
    }

    public LayerTar file(String name, String content) {
        return file(name, content, 0644, 0, 0);
    }

    public LayerTar file(String name, String content, int mode, int uid, int gid) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry header = header(name, TarConstants.LF_NORMAL, 0100000 | mode);
        header.setUserId(uid);
        header.setGroupId(gid);
        header.setSize(bytes.length);
        return add(header, bytes);
    }

    public LayerTar symlink(String name, String target) {
        TarArchiveEntry header = header(name, TarConstants.LF_SYMLINK, 0120777);
        header.setLinkName(target);
        return add(header, null);
    }

    public LayerTar hardlink(String name, String target) {
        TarArchiveEntry header = header(name, TarConstants.LF_LINK, 0100644);
        header.setLinkName(target);
        return add(header, null);
    }

    public LayerTar fifo(String name, int mode) {
        return add(header(name, TarConstants.LF_FIFO, 010000 | mode), null);
    }

    public LayerTar charDevice(String name, int major, int minor) {
        TarArchiveEntry header = header(name, TarConstants.LF_CHR, 020666);
        header.setDevMajor(major);
        header.setDevMinor(minor);
        return add(header, null);
    }

    public LayerTar whiteout(String hiddenPath) {
        int slash = hiddenPath.lastIndexOf('/');
        return file(hiddenPath.substring(0, slash + 1) + ".wh." + hiddenPath.substring(slash + 1), "");
    }

    public LayerTar opaque(String dir) {
        return file(dir + "/.wh..wh..opq", "");
    }

    /** Sets an extended attribute on the last entry added, as GNU tar writes it. */
    public LayerTar xattr(String name, String value) {
        headers.get(headers.size() - 1).addPaxHeader("SCHILY.xattr." + name, value);
        return this;
    }

    /** Sets the owner of the last entry added. */
    public LayerTar owner(int uid, int gid) {
        headers.get(headers.size() - 1).setUserId(uid);
        headers.get(headers.size() - 1).setGroupId(gid);
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (int i = 0; i < headers.size(); i++) {
                tar.putArchiveEntry(headers.get(i));
                if (contents.get(i) != null) {
                    tar.write(contents.get(i));
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static TarArchiveEntry header(String name, byte type, int mode) {
        TarArchiveEntry header = new TarArchiveEntry(name, type);
        header.setMode(mode);
        header.setModTime(MTIME);
        return header;
    }

    private LayerTar add(TarArchiveEntry header, byte[] content) {
        headers.add(header);
        contents.add(content);
        return this;
    }
}
