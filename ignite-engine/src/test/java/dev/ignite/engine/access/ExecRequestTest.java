package dev.ignite.engine.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecRequestTest {
    @Test
    void aBareCommandRunsAsIsWithDefaults() {
        ExecRequest request = ExecRequest.of("uname -r");
        assertThat(request.shellLine()).isEqualTo("uname -r");
        assertThat(request.timeout()).isEqualTo(ExecRequest.DEFAULT_TIMEOUT);
        assertThat(request.env()).isEmpty();
        assertThat(request.stdin()).isEmpty();
        assertThat(request.workingDirectory()).isEmpty();
    }

    @Test
    void shellLineExportsThenChangesDirectoryThenRunsTheCommand() {
        ExecRequest request = ExecRequest.builder("make test")
                .addEnv("A", "1")
                .addEnv("B", "it's")
                .setWorkingDirectory("/my src")
                .build();
        assertThat(request.shellLine())
                .isEqualTo("export A='1'; export B='it'\\''s'; cd '/my src' || exit 1; make test");
    }

    @Test
    void setEnvReplacesAndAddEnvAppends() {
        ExecRequest request = ExecRequest.builder("env").addEnv("OLD", "x").setEnv(Map.of("NEW", "y"))
                .addEnv("MORE", "z").build();
        assertThat(request.env()).containsExactly(Map.entry("NEW", "y"), Map.entry("MORE", "z"));
        assertThatThrownBy(() -> request.env().put("X", "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBuiltRequestDoesNotChangeWithItsBuilder() {
        ExecRequest.Builder builder = ExecRequest.builder("true").addEnv("A", "1");
        ExecRequest first = builder.build();
        builder.addEnv("B", "2");
        assertThat(first.env()).containsOnlyKeys("A");
    }

    @Test
    void invalidInputIsRejectedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> ExecRequest.builder("  "))
                .hasMessage("an exec command must not be empty but was: \"  \"");
        assertThatThrownBy(() -> ExecRequest.builder(null))
                .hasMessage("an exec command must not be empty but was: null");
        assertThatThrownBy(() -> ExecRequest.builder("x").setTimeout(Duration.ZERO))
                .hasMessage("exec timeout must be positive but was: PT0S");
        assertThatThrownBy(() -> ExecRequest.builder("x").setTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("exec timeout must be positive");
        assertThatThrownBy(() -> ExecRequest.builder("x").setWorkingDirectory("relative/dir"))
                .hasMessage("working directory must be an absolute guest path but was: relative/dir");
        assertThatThrownBy(() -> ExecRequest.builder("x").addEnv("A B", "1"))
                .hasMessageContaining("\"A B\"");
        assertThatThrownBy(() -> ExecRequest.builder("x").addEnv("A", null))
                .hasMessage("environment variable A has no value (null)");
        assertThatThrownBy(() -> ExecRequest.builder("x").addEnv("A", "nul\0"))
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> ExecRequest.builder("x").setStdoutSink((Consumer<String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("stdout sink");
    }
}
