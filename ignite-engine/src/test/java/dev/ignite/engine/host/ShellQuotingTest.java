package dev.ignite.engine.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellQuotingTest {
    @Test
    void quotesInSingleQuotesAndEscapesTheSingleQuote() {
        assertThat(ShellQuoting.quote("plain")).isEqualTo("'plain'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
    }

    /** The proof that counts: a real POSIX shell gives back exactly what went in. */
    @ParameterizedTest
    @ValueSource(strings = {"two words", "it's \"quoted\"", "$HOME `id` $(id) ${X:-y}", "back\\slash \\n",
            "semi; colon && or || pipe | amp &", "line\nbreak", "tab\there", "*.glob ?[a]", "'", "''''",
            "ünïcødé ✓", "-dash", "trailing space ", "#hash", "~tilde", "!bang"})
    void aRealShellReadsTheValueBackIntact(String value) throws Exception {
        String script = ShellQuoting.exports(Map.of("V", value)) + "printf %s \"$V\"";
        assertThat(runSh(script)).isEqualTo(value);
    }

    @Test
    void exportsKeepMapOrderAndEndWithASpace() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "2");
        env.put("A_1", "x y");
        assertThat(ShellQuoting.exports(env)).isEqualTo("export B='2'; export A_1='x y'; ");
        assertThat(ShellQuoting.exports(Map.of())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1A", "A-B", "A B", "A=B", "$A", "A;rm"})
    void rejectsNamesTheShellWouldNotTakeAsOneVariable(String name) {
        assertThatThrownBy(() -> ShellQuoting.requireVariableName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable name must match")
                .hasMessageContaining("\"" + name + "\"");
    }

    @Test
    void rejectsNulWhichNoShellWordCanHold() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a shell word cannot hold a NUL character: \"a\\0b\"");
    }

    private static String runSh(String script) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder(List.of("sh", "-c", script)).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as("sh exit code; output: %s", out).isZero();
        return out;
    }
}
