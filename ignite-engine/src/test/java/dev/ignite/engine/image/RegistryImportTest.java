package dev.ignite.engine.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.LayerTar;
import dev.ignite.engine.oci.LocalRegistry;
import dev.ignite.engine.oci.OciLayoutWriter;
import dev.ignite.engine.oci.TestImages;
import dev.ignite.engine.oci.TestTools;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Images pushed to a real registry (Debian's docker-registry on 127.0.0.1) with jib-core and skopeo, imported back. */
class RegistryImportTest {
    @RegisterExtension
    static LocalRegistry registry = new LocalRegistry();

    @TempDir
    Path tmp;
    ImageStore store;
    IgniteHome home;

    @BeforeEach
    void setUp() {
        home = IgniteHome.at(tmp.resolve("home"));
        store = new ImageStore(home);
    }

    @Test
    void imagePushedWithJibImportsFromThePlainHttpRegistry() throws Exception {
        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello from jib");
        String reference = registry.address() + "/jib/hello:1.0";
        Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(file, AbsoluteUnixPath.get("/srv/hello.txt")).build())
                .setEntrypoint("/srv/hello.txt")
                .containerize(Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true));

        Image image = store.importImage(ImportSpec.builder(reference).setName("hello").setAllowInsecureRegistries(true)
                .setDockerConfig(tmp.resolve("no-docker-config.json")).build());

        assertThat(Ext4.cat(image.rootfs(), "/srv/hello.txt")).isEqualTo("hello from jib");
        assertThat(image.entrypoint()).containsExactly("/srv/hello.txt");
        assertThat(image.source()).isEqualTo(reference);
        assertThat(home.tmp()).isEmptyDirectory();
    }

    @Test
    void multiLayerImagePushedWithSkopeoKeepsWhiteoutsLinksAndOwners() throws Exception {
        TestTools.assumeInstalled("skopeo", "skopeo");
        Path layout = TestImages.multiLayerLayout(tmp.resolve("layout"));
        String reference = registry.address() + "/test/multi:2";
        TestTools.run("skopeo", "copy", "--quiet", "--insecure-policy", "--dest-tls-verify=false",
                "oci:" + layout + ":" + TestImages.MULTI_LAYER_TAG, "docker://" + reference);

        Image image = store.importImage(ImportSpec.builder("docker://" + reference).setAllowInsecureRegistries(true)
                .build());

        assertThat(Ext4.exists(image.rootfs(), "/gone/file")).isFalse();
        assertThat(Ext4.cat(image.rootfs(), "/gone/new")).isEqualTo("back");
        assertThat(Ext4.exists(image.rootfs(), "/opaque/b")).isFalse();
        assertThat(Ext4.stat(image.rootfs(), "/srv/data")).contains("User:  1000").contains("Mode:  0600");
        assertThat(Ext4.stat(image.rootfs(), "/dev/null")).contains("Type: character special");
        assertThat(Ext4.stat(image.rootfs(), "/bin/busybox")).contains("Links: 2");
    }

    @Test
    void multiArchIndexPushedWithSkopeoPullsLinuxAmd64() throws Exception {
        TestTools.assumeInstalled("skopeo", "skopeo");
        Path layout = tmp.resolve("multiarch");
        new OciLayoutWriter(layout).addMultiArch("all", new LayerTar().file("arch", "amd64").bytes(),
                new LayerTar().file("arch", "arm64").bytes());
        String reference = registry.address() + "/test/multiarch:1";
        TestTools.run("skopeo", "copy", "--quiet", "--insecure-policy", "--all", "--dest-tls-verify=false",
                "oci:" + layout + ":all", "docker://" + reference);

        Image image = store.importImage(ImportSpec.builder(reference).setAllowInsecureRegistries(true).build());

        assertThat(Ext4.cat(image.rootfs(), "/arch")).isEqualTo("amd64");
    }

    @Test
    void missingImageFailsNamingTheReferenceAndLeavesNothing() {
        String reference = registry.address() + "/no/such:image";
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder(reference).setAllowInsecureRegistries(true)
                .build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("pulling " + reference + " failed");
        assertThat(home.tmp()).isEmptyDirectory();
        assertThat(store.list()).isEmpty();
    }
}
