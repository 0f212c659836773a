package dev.ignite.engine.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CliCopyEndpointTest {
    @Test
    void vmColonPathIsInTheVm() {
        assertThat(CopyEndpoint.parse("web:/etc/hosts")).isEqualTo(new CopyEndpoint("web", "/etc/hosts"));
        assertThat(CopyEndpoint.parse("web:")).isEqualTo(new CopyEndpoint("web", "."));
    }

    @Test
    void pathsStartingWithSlashOrDotOrWithoutColonAreOnTheHost() {
        assertThat(CopyEndpoint.parse("/tmp/a:b").inVm()).isFalse();
        assertThat(CopyEndpoint.parse("./a:b").inVm()).isFalse();
        assertThat(CopyEndpoint.parse("file.txt").inVm()).isFalse();
        assertThat(CopyEndpoint.parse(":x").inVm()).isFalse();
    }

    @Test
    void fileNameIsTheLastPartWithoutTrailingSlashes() {
        assertThat(CopyEndpoint.parse("web:/var/log/").fileName()).isEqualTo("log");
        assertThat(CopyEndpoint.parse("notes.txt").fileName()).isEqualTo("notes.txt");
    }
}
