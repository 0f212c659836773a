package dev.ignite.engine.image;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.oci.OciLayoutWriter;
import dev.ignite.engine.oci.TestImages;
import dev.ignite.engine.oci.RequiresTool;
import dev.ignite.engine.oci.TestTools;
import dev.ignite.engine.recipe.Recipe;
import dev.ignite.engine.store.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our layer application against umoci's (the OCI reference tooling) on the same OCI layout: the two
 * trees must agree entry by entry (paths, types, modes, owners, devices, link targets, contents,
 * hard links, file mtimes, user xattrs). Owners are compared with umoci as root, where it sets them
 * for real (CI runs as root); our side is what the ext4 image gets (the ownership map).
 */
@RequiresTool(value = "umoci", debianPackage = "umoci")
@EnabledIfSystemProperty(named = "user.name", matches = "root",
        disabledReason = "umoci sets real owners and device nodes only as root; run as root (CI does) to cross-check")
class UmociCrossCheckIT {
    @TempDir
    Path tmp;

    @Test
    void multiLayerTestImage() throws Exception {
        Path layout = TestImages.multiLayerLayout(tmp.resolve("layout"));
        assertSameTree(layout, TestImages.MULTI_LAYER_TAG, 20);
    }

    @Test
    void tinyDefaultImage() throws Exception {
        TestTools.assumeInstalled("skopeo", "skopeo");
        Ignite ignite = Ignite.open();
        Path archive = ignite.defaults().build(Recipe.TINY_IMAGE, "ignite/tiny", List.of("/sbin/init"), m -> { });
        try {
            TestTools.run("skopeo", "copy", "--quiet", "--insecure-policy", "oci-archive:" + archive,
                    "oci:" + tmp.resolve("layout") + ":tiny");
        } finally {
            FileTrees.deleteQuietly(archive.getParent(), null);
        }
        assertSameTree(tmp.resolve("layout"), "tiny", 300);
    }

    @Test
    void debianBookwormMinbaseRootfs() throws Exception {
        TestTools.assumeInstalled("mmdebstrap", "mmdebstrap");
        Path tar = tmp.resolve("debian.tar");
        TestTools.run("mmdebstrap", "--quiet", "--variant=minbase", "--format=tar", "bookworm", tar.toString());
        new OciLayoutWriter(tmp.resolve("layout")).addImageFromTarFile("debian", tar);
        Files.delete(tar);
        assertSameTree(tmp.resolve("layout"), "debian", 5000);
    }

    private void assertSameTree(Path layout, String tag, int atLeastEntries) throws Exception {
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        UnpackedImage unpacked;
        try (ImageArchive archive = ImageArchive.open(layout, tag, () -> { })) {
            ImageManifest manifest = archive.manifest();
            unpacked = UnpackedImage.unpack(archive, manifest, ours);
        }
        Path bundle = tmp.resolve("bundle");
        TestTools.run("umoci", "unpack", "--image", layout + ":" + tag, bundle.toString());

        TreeDescription ourTree = TreeDescription.ofStaged(ours, unpacked.ownership());
        TreeDescription theirs = TreeDescription.ofTree(bundle.resolve("rootfs"));

        assertThat(theirs.entries()).as("umoci's tree of %s", tag).hasSizeGreaterThanOrEqualTo(atLeastEntries);
        List<String> diffs = ourTree.differencesFrom(theirs, "ignite", "umoci ");
        assertThat(diffs).as("entries where ignite and umoci differ (%d of %d)", diffs.size(), theirs.entries().size())
                .isEmpty();
    }
}
