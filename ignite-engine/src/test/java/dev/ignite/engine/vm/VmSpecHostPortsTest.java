package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host ports a spec exposes to its guest: none by default, each a TCP port, each once. */
class VmSpecHostPortsTest {
    private static VmSpec.Builder spec() {
        return VmSpec.builder("ignite/tiny", "ignite/kernel");
    }

    @Test
    void noneByDefaultAndKeptByToBuilder() {
        assertThat(spec().build().hostPorts()).isEmpty();
        VmSpec exposing = spec().addHostPort(5432).addHostPort(8080).build();
        assertThat(exposing.hostPorts()).containsExactly(5432, 8080);
        assertThat(exposing.toBuilder().build()).isEqualTo(exposing);
        assertThat(exposing.toBuilder().clearHostPorts().build().hostPorts()).isEmpty();
    }

    @Test
    void aPortOutOfRangeOrTwiceIsRefusedByName() {
        assertThatThrownBy(() -> spec().addHostPort(0).build()).isInstanceOf(IgniteException.class)
                .hasMessage("host port 0 to expose to the guest is out of range (1-65535)");
        assertThatThrownBy(() -> spec().addHostPort(70000).build()).hasMessageContaining("host port 70000");
        assertThatThrownBy(() -> spec().addHostPort(5432).addHostPort(5432).build())
                .hasMessage("host ports to expose [5432, 5432] name a port twice: list each once");
    }
}
