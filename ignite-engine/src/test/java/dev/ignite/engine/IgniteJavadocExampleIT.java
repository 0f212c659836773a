package dev.ignite.engine;

import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example in {@link Ignite}'s Javadoc runs as written: this test's code is that example, word for word. */
class IgniteJavadocExampleIT {
    private static final Path SOURCES = Path.of("src/main/java/dev/ignite/engine/Ignite.java");
    private static final Path THIS_TEST = Path.of("src/test/java/dev/ignite/engine/IgniteJavadocExampleIT.java");

    @Test
    void theJavadocExampleRuns() {
        String kernelRelease;
        // example start
        try (Ignite ignite = Ignite.open();
             Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build())) {
            ExecResult r = vm.exec("uname -r");
            // example end
            kernelRelease = r.stdout().strip();
            assertThat(r.exitCode()).isZero();
            assertThat(Ignite.open().vms().find(vm.id())).isPresent();
        }
        assertThat(kernelRelease).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theJavadocExampleIsThisTestsCode() throws IOException {
        List<String> example = javadocExample(Files.readString(SOURCES));
        List<String> test = Files.readString(THIS_TEST).lines()
                .dropWhile(line -> !line.contains("// example start")).skip(1)
                .takeWhile(line -> !line.contains("// example end")).map(String::strip).toList();
        assertThat(example).isNotEmpty();
        assertThat(example.subList(0, example.size() - 1)).as("the example in Ignite's Javadoc").isEqualTo(test);
        assertThat(example.get(example.size() - 1)).isEqualTo("}");
    }

    /** The lines of the first {@code <pre>{@code ...}</pre>} block, stripped of the comment's stars. */
    private static List<String> javadocExample(String source) {
        return source.lines().dropWhile(line -> !line.contains("<pre>{@code")).skip(1)
                .takeWhile(line -> !line.contains("}</pre>"))
                .map(line -> line.strip().replaceFirst("^\\* ?", "").strip()).toList();
    }
}
