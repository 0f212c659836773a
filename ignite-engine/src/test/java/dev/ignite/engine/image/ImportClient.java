package dev.ignite.engine.image;

import dev.ignite.engine.store.IgniteHome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A second JVM importing into the same store: waits for a line on stdin (so two clients start
 * together), imports SOURCE into STORE and prints {@code IMPORTED id created}.
 */
public final class ImportClient {
    private ImportClient() {
    }

    static Process launch(Path store, String source) throws IOException {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ImportClient.class.getName(), store.toString(), source))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    public static void main(String[] args) throws Exception {
        // The store by path: $IGNITE_HOME, if set, would win over -Dignite.home.
        ImageStore store = new ImageStore(IgniteHome.at(Path.of(args[0])));
        System.in.read();
        Image image = store.importImage(ImportSpec.builder(args[1]).setName("shared").build());
        System.out.println("IMPORTED " + image.id() + " " + image.created());
    }
}
