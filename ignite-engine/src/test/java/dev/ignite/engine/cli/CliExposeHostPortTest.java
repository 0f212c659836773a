package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.manifest.IgniteConfiguration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code run}/{@code create --expose-host-port PORT}: each port into the spec, a bad one refused by name. */
class CliExposeHostPortTest {
    private static VmOptions parse(String... args) {
        VmOptions options = new VmOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void eachFlagExposesOnePort() {
        assertThat(parse().toSpec("ignite/tiny", "ignite/kernel", IgniteConfiguration.DEFAULTS).hostPorts()).isEmpty();
        assertThat(parse("--expose-host-port", "5432", "--expose-host-port", "8080")
                .toSpec("ignite/tiny", "ignite/kernel", IgniteConfiguration.DEFAULTS).hostPorts()).containsExactly(5432, 8080);
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> parse("--expose-host-port", "0").toSpec("ignite/tiny", "ignite/kernel", IgniteConfiguration.DEFAULTS))
                .isInstanceOf(IgniteException.class).hasMessageContaining("host port 0");
    }
}
