package dev.ignite.engine.oci;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageReference.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    @TempDir
    Path tmp;

    @Test
    void transportsAreReadFromTheirPrefixes() {
        assertThat(ImageReference.parse("localhost:5000/app:1.0"))
                .isEqualTo(new ImageReference(Transport.REGISTRY, "localhost:5000/app:1.0", null));
        assertThat(ImageReference.parse("docker://127.0.0.1:5000/a/b@sha256:" + "a".repeat(64)).location())
                .isEqualTo("127.0.0.1:5000/a/b@sha256:" + "a".repeat(64));
        assertThat(ImageReference.parse("docker-archive:/x/image.tar"))
                .isEqualTo(new ImageReference(Transport.DOCKER_ARCHIVE, "/x/image.tar", null));
        assertThat(ImageReference.parse("oci-archive:rel/image.tar"))
                .isEqualTo(new ImageReference(Transport.OCI_ARCHIVE, "rel/image.tar", null));
        assertThat(ImageReference.parse("oci:/x/layout:1.0"))
                .isEqualTo(new ImageReference(Transport.OCI_LAYOUT, "/x/layout", "1.0"));
        assertThat(ImageReference.parse("oci:/x/layout"))
                .isEqualTo(new ImageReference(Transport.OCI_LAYOUT, "/x/layout", null));
    }

    @Test
    void barePathsToExistingFilesAndFoldersAreArchivesAndLayouts() throws Exception {
        Path file = Files.writeString(tmp.resolve("image.tar"), "");
        assertThat(ImageReference.parse(file.toString()).transport()).isEqualTo(Transport.OCI_ARCHIVE);
        assertThat(ImageReference.parse(tmp.toString()).transport()).isEqualTo(Transport.OCI_LAYOUT);
    }

    @Test
    void toStringParsesBackToTheSameReference() {
        for (String text : new String[]{"localhost:5000/app:1.0", "docker-archive:/a.tar", "oci-archive:/b.tar",
                "oci:/c:tag", "oci:/d"}) {
            assertThat(ImageReference.parse(ImageReference.parse(text).toString())).isEqualTo(ImageReference.parse(text));
        }
    }

    @Test
    void neitherAPathNorAReferenceIsRefusedWithTheSyntax() {
        assertThatThrownBy(() -> ImageReference.parse("No Such/File:Here!"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("'No Such/File:Here!' is neither an existing file or folder nor a registry reference")
                .hasMessageContaining("oci:DIR[:TAG]");
    }
}
