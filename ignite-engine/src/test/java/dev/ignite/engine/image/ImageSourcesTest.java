package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.LayerTar;
import dev.ignite.engine.oci.OciLayoutWriter;
import dev.ignite.engine.oci.TestImages;
import dev.ignite.engine.oci.TestTools;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every local source form of {@code ignite build}: OCI layout folders (by tag), OCI archives, docker archives. */
class ImageSourcesTest {
    @TempDir
    Path tmp;
    ImageStore store;
    Path layout;

    @BeforeEach
    void setUp() throws Exception {
        store = new ImageStore(IgniteHome.at(tmp.resolve("home")));
        layout = TestImages.multiLayerLayout(tmp.resolve("layout"));
    }

    @Test
    void ociLayoutFolderByTagAppliesEveryLayer() {
        Image image = store.importImage(ImportSpec.builder("oci:" + layout + ":" + TestImages.MULTI_LAYER_TAG)
                .setName("multi").build());

        assertThat(image.entrypoint()).containsExactly("/bin/busybox");
        assertThat(image.source()).isEqualTo("oci:" + layout + ":multi");
        assertThat(Ext4.cat(image.rootfs(), "/opaque/c")).isEqualTo("c");
        assertThat(Ext4.exists(image.rootfs(), "/opaque/a")).isFalse();
        assertThat(Ext4.cat(image.rootfs(), "/gone/new")).isEqualTo("back");
        assertThat(Ext4.exists(image.rootfs(), "/gone/file")).isFalse();
        assertThat(Ext4.stat(image.rootfs(), "/bin/su")).contains("Mode:  04755");
        assertThat(Ext4.stat(image.rootfs(), "/srv")).contains("User:  1000").contains("Mode:  0750");
        assertThat(Ext4.stat(image.rootfs(), "/etc/config-link")).contains("user.origin (9) = \"layer-one\"")
                .contains("Links: 1").contains("mtime: 0x65937d25");
        assertThat(Ext4.cat(image.rootfs(), "/etc/config-link")).isEqualTo("key=value\n");
        assertThat(Ext4.stat(image.rootfs(), "/bin/later")).contains("user.note (3) = \"top\"");
    }

    @Test
    void unknownTagNamesTheTagsThereAre() {
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder("oci:" + layout + ":nope").build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("has no image tagged 'nope'; its tags: [multi]");
    }

    @Test
    void ociAndDockerArchivesWrittenBySkopeoImportAlike() {
        TestTools.assumeInstalled("skopeo", "skopeo");
        Path oci = tmp.resolve("image.oci.tar");
        Path docker = tmp.resolve("image.docker.tar");
        skopeo("oci:" + layout + ":multi", "oci-archive:" + oci);
        skopeo("oci:" + layout + ":multi", "docker-archive:" + docker + ":test/multi:1");

        Image fromOci = store.importImage(ImportSpec.builder("oci-archive:" + oci).setName("a").build());
        Image fromDocker = store.importImage(ImportSpec.builder("docker-archive:" + docker).setName("b").build());

        for (Image image : List.of(fromOci, fromDocker)) {
            assertThat(Ext4.cat(image.rootfs(), "/bin/later")).isEqualTo("later");
            assertThat(Ext4.exists(image.rootfs(), "/bin/wall")).isFalse();
            assertThat(Ext4.stat(image.rootfs(), "/replaced")).contains("Type: symlink");
        }
    }

    @Test
    void multiArchIndexPicksLinuxAmd64() throws Exception {
        Path multiArch = tmp.resolve("multiarch");
        new OciLayoutWriter(multiArch).addMultiArch("all", new LayerTar().file("arch", "amd64").bytes(),
                new LayerTar().file("arch", "arm64").bytes());

        Image image = store.importImage(ImportSpec.builder("oci:" + multiArch + ":all").build());

        assertThat(Ext4.cat(image.rootfs(), "/arch")).isEqualTo("amd64");
    }

    @Test
    void sizeTooSmallForTheContentIsRefusedBeforeMkfs() {
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder("oci:" + layout + ":multi").setSizeBytes(4096)
                .build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("is too small for");
    }

    @Test
    void explicitSizeIsTheRootfsSize() {
        Image image = store.importImage(ImportSpec.builder("oci:" + layout + ":multi").setSizeBytes(64 << 20).build());
        assertThat(image.rootfsBytes()).isEqualTo(64 << 20);
    }

    static void skopeo(String from, String to) {
        TestTools.run("skopeo", "copy", "--quiet", "--insecure-policy", from, to);
    }
}
