package dev.ignite.engine.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.LocalRegistry;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials come from the Docker config file, as `docker login` leaves them. */
class RegistryLoginTest {
    @RegisterExtension
    static LocalRegistry registry = LocalRegistry.withLogin("tester", "s3cret");

    @TempDir
    Path tmp;

    @Test
    void pullUsesTheLoginInTheDockerConfigAndFailsWithoutIt() throws Exception {
        System.setProperty("sendCredentialsOverHttp", "true"); // for the push below
        Path file = Files.writeString(tmp.resolve("f"), "private");
        String reference = registry.address() + "/private/app:1";
        Jib.fromScratch().addFileEntriesLayer(FileEntriesLayer.builder().addEntry(file, AbsoluteUnixPath.get("/f")).build())
                .containerize(Containerizer.to(RegistryImage.named(reference).addCredential("tester", "s3cret"))
                        .setAllowInsecureRegistries(true));
        ImageStore store = new ImageStore(IgniteHome.at(tmp.resolve("home")));

        assertThatThrownBy(() -> store.importImage(ImportSpec.builder(reference).setAllowInsecureRegistries(true)
                .setDockerConfig(tmp.resolve("missing.json")).build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("pulling " + reference + " failed");

        Image image = store.importImage(ImportSpec.builder(reference).setAllowInsecureRegistries(true)
                .setDockerConfig(registry.dockerConfig(Files.createDirectories(tmp.resolve("docker")))).build());
        assertThat(Ext4.cat(image.rootfs(), "/f")).isEqualTo("private");
    }
}
