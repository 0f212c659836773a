package dev.ignite.junit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A test classpath gets the engine, not the CLI's libraries: picocli and the YAML output format are
 * optional dependencies of ignite-engine, there for the `ignite` command only.
 */
class ClasspathBoundaryTest {
    @ParameterizedTest
    @ValueSource(strings = {"picocli.CommandLine", "com.fasterxml.jackson.dataformat.yaml.YAMLMapper"})
    void cliOnlyLibrariesAreNotOnATestClasspath(String cliClass) {
        assertThatThrownBy(() -> Class.forName(cliClass)).isInstanceOf(ClassNotFoundException.class);
    }
}
