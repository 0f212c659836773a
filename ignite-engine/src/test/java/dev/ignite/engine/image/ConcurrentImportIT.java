package dev.ignite.engine.image;

import dev.ignite.engine.oci.LayerTar;
import dev.ignite.engine.oci.OciLayoutWriter;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two JVMs importing the same image into one store at once: one does the work, both get the image. */
class ConcurrentImportIT {
    @TempDir
    Path tmp;

    @Test
    void twoJvmsImportingOneImageBuildItOnce() throws Exception {
        // Big enough (40 MB of incompressible data) that the two imports overlap.
        byte[] noise = new byte[40 << 20];
        new Random(7).nextBytes(noise);
        Path layout = tmp.resolve("layout");
        new OciLayoutWriter(layout).addImage("big", List.of("/sbin/init"),
                new LayerTar().file("noise", new String(noise, StandardCharsets.ISO_8859_1)).bytes());
        Path store = tmp.resolve("store");
        IgniteHome home = IgniteHome.at(store);
        String source = "oci:" + layout + ":big";

        Process first = ImportClient.launch(store, source);
        Process second = ImportClient.launch(store, source);
        Thread.sleep(1500); // both JVMs up, waiting on stdin
        for (Process p : List.of(first, second)) {
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
        }
        String a = result(first);
        String b = result(second);

        assertThat(a).startsWith("IMPORTED ");
        assertThat(b).as("same ID and the same creation time: built once, read by the other").isEqualTo(a);
        List<Image> images = new ImageStore(home).list();
        assertThat(images).hasSize(1);
        assertThat(images.get(0).name()).isEqualTo("shared");
        assertThat(home.tmp()).isEmptyDirectory();
    }

    private static String result(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return line;
    }
}
