package dev.ignite.engine.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliMemorySizeTest {
    @ParameterizedTest
    @CsvSource({"256, 256", "512M, 512", "512m, 512", "512MB, 512", "512MiB, 512", "1G, 1024", "1GB, 1024",
            "1gib, 1024", "1.5G, 1536", "262144K, 256", "1T, 1048576", "0, 0", "' 2G ', 2048"})
    void dockerAndIgniteSpellings(String text, long mib) {
        assertThat(MemorySize.parseMib(text)).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "G", "1X", "-1G", "1 2", "one"})
    void notASize(String text) {
        assertThatThrownBy(() -> MemorySize.parseMib(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000K", "1.5", "0.1G"})
    void notWholeMebibytes(String text) {
        assertThatThrownBy(() -> MemorySize.parseMib(text)).hasMessageContaining("is not a whole number of MiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "2048T", "99999999999999999999999999G", "9223372036854775807T"})
    void sizesThatWouldOverflowAreRefused(String text) {
        assertThatThrownBy(() -> MemorySize.parseMib(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is too large: at most 2147483647 MiB (2 PiB)");
    }

    @org.junit.jupiter.api.Test
    void overflowingSizeOnTheCommandLineIsAUsageError() {
        CliRun run = CliRun.of("run", "--size", "9223372036854775807T", "ignite/tiny", "ignite/debian-cloud");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("ignite: invalid value for option '--size': '9223372036854775807T' is too large");
    }

    @org.junit.jupiter.api.Test
    void badMemoryOnTheCommandLineIsAUsageError() {
        CliRun run = CliRun.of("run", "--memory", "1X", "ignite/tiny", "ignite/debian-cloud");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("ignite: invalid value for option '--memory': '1X' is not a size: use MiB"
                + " (256) or a number with K, M, G or T (512M, 1G, 1GB); see `ignite run --help`\n");
    }
}
