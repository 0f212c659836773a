package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a guest's tar stream may not do to the host (copyFrom through the agent). */
class GuestTarTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    private void file(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0100640);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private void entry(String name, byte type, String linkName) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        if (linkName != null) {
            entry.setLinkName(linkName);
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private void extractTo(Path target) throws IOException {
        tar.close();
        GuestTar.extract(new ByteArrayInputStream(bytes.toByteArray()), "out", target);
    }

    @Test
    void filesFoldersAndLinksLandInsideTheCopyWithTheirModes() throws IOException {
        entry("out/", TarArchiveEntry.LF_DIR, null);
        file("out/a", "A");
        entry("out/l", TarArchiveEntry.LF_SYMLINK, "/etc/passwd");
        entry("out/h", TarArchiveEntry.LF_LINK, "out/a");
        extractTo(tmp.resolve("copy"));
        assertThat(Files.readString(tmp.resolve("copy/a"))).isEqualTo("A");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("copy/a")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Files.readSymbolicLink(tmp.resolve("copy/l"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.readString(tmp.resolve("copy/h"))).isEqualTo("A");
    }

    @Test
    void anEntryClimbingOutIsRefused() throws IOException {
        entry("out/", TarArchiveEntry.LF_DIR, null);
        file("out/../escaped", "x");
        assertThatThrownBy(() -> extractTo(tmp.resolve("copy"))).isInstanceOf(IgniteException.class)
                .hasMessageContaining("climbs out");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    @Test
    void anEntryOutsideTheCopyIsRefused() throws IOException {
        file("elsewhere", "x");
        assertThatThrownBy(() -> extractTo(tmp.resolve("copy"))).hasMessageContaining("outside out");
    }

    @Test
    void nothingIsWrittenThroughALinkTheGuestMade() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        entry("out/", TarArchiveEntry.LF_DIR, null);
        entry("out/link", TarArchiveEntry.LF_SYMLINK, victim.toString());
        file("out/link/planted", "x");
        assertThatThrownBy(() -> extractTo(tmp.resolve("copy"))).hasMessageContaining("through the symbolic link");
        assertThat(victim.resolve("planted")).doesNotExist();
    }

    @Test
    void aHardLinkCannotReachAHostFile() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "s");
        entry("out/", TarArchiveEntry.LF_DIR, null);
        entry("out/h", TarArchiveEntry.LF_LINK, secret.toString());
        assertThatThrownBy(() -> extractTo(tmp.resolve("copy"))).isInstanceOf(IgniteException.class);
        assertThat(tmp.resolve("copy/h")).doesNotExist();
    }

    @Test
    void aFileReplacesAHostLinkInsteadOfWritingThroughIt() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "untouched");
        Files.createDirectories(tmp.resolve("copy"));
        Files.createSymbolicLink(tmp.resolve("copy/f"), victim);
        entry("out/", TarArchiveEntry.LF_DIR, null);
        file("out/f", "new");
        extractTo(tmp.resolve("copy"));
        assertThat(Files.readString(victim)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(tmp.resolve("copy/f"))).isFalse();
        assertThat(Files.readString(tmp.resolve("copy/f"))).isEqualTo("new");
    }

    @Test
    void devicesAreRefused() throws IOException {
        entry("out/", TarArchiveEntry.LF_DIR, null);
        entry("out/dev", TarArchiveEntry.LF_CHR, null);
        assertThatThrownBy(() -> extractTo(tmp.resolve("copy"))).hasMessageContaining("not a file, folder");
    }
}
