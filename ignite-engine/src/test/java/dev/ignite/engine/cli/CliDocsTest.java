package dev.ignite.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli must be what {@link CliDocs} generates from the commands. After changing a command,
 * regenerate: {@code mvn -pl ignite-engine test -Dtest=CliDocsTest -Dcli.docs.update=true}.
 */
class CliDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "cli");

    @Test
    void docsCliMatchesTheCommands() throws IOException {
        if (Boolean.getBoolean("cli.docs.update")) {
            CliDocs.write(DOCS);
        }
        Map<String, String> checkedIn = new TreeMap<>();
        if (Files.isDirectory(DOCS)) {
            try (Stream<Path> pages = Files.list(DOCS)) {
                for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                    checkedIn.put(page.getFileName().toString(), Files.readString(page));
                }
            }
        }
        assertThat(checkedIn)
                .as("docs/cli is out of date: regenerate with"
                        + " `mvn -pl ignite-engine test -Dtest=CliDocsTest -Dcli.docs.update=true`")
                .isEqualTo(CliDocs.pages());
    }

    @Test
    void everyCommandHasAPageLinkedFromTheIndex() {
        Map<String, String> pages = CliDocs.pages();
        assertThat(pages).containsKeys("ignite.md", "ignite_run.md", "ignite_exec.md", "ignite_network_ls.md");
        assertThat(pages.get("ignite.md")).contains("[run](ignite_run.md)", "[doctor](ignite_doctor.md)",
                "## Exit codes");
        assertThat(pages.get("ignite_ps.md")).contains("| `-f`, `--filter KEY=VALUE` |", "See also: [ignite](ignite.md)")
                .doesNotContain("--version");
    }
}
