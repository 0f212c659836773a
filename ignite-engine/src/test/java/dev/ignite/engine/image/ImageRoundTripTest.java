package dev.ignite.engine.image;

import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A folder packed by {@link ImagePacker} imports back into an ext4 rootfs with the same tree. */
class ImageRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void packedTreeImportsIntoExt4WithModesLinksAndRootOwnership() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(tree.resolve("bin"));
        Files.writeString(tree.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.setAttribute(tree.resolve("bin/tool"), "unix:mode", 04755);
        Files.createSymbolicLink(tree.resolve("bin/alias"), Path.of("tool"));
        Files.createLink(tree.resolve("bin/hardlink"), tree.resolve("bin/tool"));
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/secret"), "s3cret");
        Files.setAttribute(tree.resolve("etc/secret"), "unix:mode", 0600);

        Path archive = tmp.resolve("image.oci.tar");
        ImagePacker.pack(tree, "test/roundtrip:1", List.of("/bin/tool"), Map.of("purpose", "test"), archive);

        ImageStore store = new ImageStore(IgniteHome.at(tmp.resolve("home")));
        Image image = store.importArchive(archive, "roundtrip", 0);

        assertThat(image.entrypoint()).containsExactly("/bin/tool");
        assertThat(image.labels()).containsEntry("purpose", "test");
        assertThat(store.get("roundtrip").id()).isEqualTo(image.id());
        String stat = HostCommand.check(HostTool.DEBUGFS, "-R", "stat /bin/tool", image.rootfs().toString()).stdout();
        assertThat(stat).contains("Mode:  04755").contains("User:     0").contains("Links: 2");
        String link = HostCommand.check(HostTool.DEBUGFS, "-R", "stat /bin/alias", image.rootfs().toString()).stdout();
        assertThat(link).contains("Type: symlink").contains("Fast link dest: \"tool\"");
        String secret = HostCommand.check(HostTool.DEBUGFS, "-R", "cat /etc/secret", image.rootfs().toString()).stdout();
        assertThat(secret).isEqualTo("s3cret");

        // Same digest: the second import reuses the stored rootfs.
        long before = Files.getLastModifiedTime(image.rootfs(), LinkOption.NOFOLLOW_LINKS).toMillis();
        Image again = store.importArchive(archive, "roundtrip", 0);
        assertThat(again.digest()).isEqualTo(image.digest());
        assertThat(Files.getLastModifiedTime(again.rootfs()).toMillis()).isEqualTo(before);
        assertThat(IgniteHome.at(tmp.resolve("home")).tmp()).as("staging").isEmptyDirectory();
    }
}
