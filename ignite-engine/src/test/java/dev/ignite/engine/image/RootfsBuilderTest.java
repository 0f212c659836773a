package dev.ignite.engine.image;

import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unprivileged path: staging cannot chown or mknod (privileged=false), so owners, device nodes,
 * fifos and folder modes must come from the debugfs fix-up of the ext4 image.
 */
class RootfsBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void ownersDevicesFifosAndModesAreSetInsideTheExt4Image() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry dir = new TarArchiveEntry("srv/");
            dir.setMode(040555);
            put(tar, dir);
            TarArchiveEntry file = new TarArchiveEntry("srv/data");
            file.setSize(2);
            file.setMode(0100640);
            file.setUserId(1000);
            file.setGroupId(1001);
            tar.putArchiveEntry(file);
            tar.write("hi".getBytes());
            tar.closeArchiveEntry();
            TarArchiveEntry devNull = new TarArchiveEntry("dev/null", TarConstants.LF_CHR);
            devNull.setDevMajor(1);
            devNull.setDevMinor(3);
            devNull.setMode(0666);
            put(tar, devNull);
            TarArchiveEntry fifo = new TarArchiveEntry("run/pipe", TarConstants.LF_FIFO);
            fifo.setMode(0600);
            put(tar, fifo);
        }
        Path root = Files.createDirectories(tmp.resolve("tree"));
        LayerApplier applier = new LayerApplier(root, false);
        applier.apply(new ByteArrayInputStream(bytes.toByteArray()), "layer");
        applier.finish();
        Path ext4 = tmp.resolve("rootfs.ext4");

        RootfsBuilder.build(root, applier.ownership(), ext4, 0, tmp);

        assertThat(stat(ext4, "/srv/data")).contains("User:  1000").contains("Group:  1001").contains("Mode:  0640");
        assertThat(stat(ext4, "/srv")).contains("Mode:  0555").contains("Type: directory");
        assertThat(stat(ext4, "/dev/null")).contains("Type: character special").contains("Device major/minor number: 01:03");
        assertThat(stat(ext4, "/run/pipe")).contains("Type: FIFO").contains("Mode:  0600");
    }

    @Test
    void fixUpNeverReadsAHostFileThroughALinkedFolder() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("file"), "a host file, owned by the test's user");
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        Files.createSymbolicLink(staging.resolve("link"), host);
        var ownership = java.util.Map.of("link/file", new EntryAttributes(1234, 1234, 0600, EntryAttributes.EntryType.FILE, 0, 0));

        String script = RootfsBuilder.fixUpScript(staging, ownership, Files.createDirectories(tmp.resolve("values")));

        assertThat(script).doesNotContain("/link/file");
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry) throws Exception {
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static String stat(Path image, String path) {
        return HostCommand.check(HostTool.DEBUGFS, "-R", "stat " + path, image.toString()).stdout();
    }
}
