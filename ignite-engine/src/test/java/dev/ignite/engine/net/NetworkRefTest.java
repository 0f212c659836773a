package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkRefTest {
    @Test
    void readsTheModes() {
        assertThat(NetworkRef.parse(null)).isEqualTo(new NetworkRef(NetworkMode.USER, "user"));
        assertThat(NetworkRef.parse("user")).isEqualTo(new NetworkRef(NetworkMode.USER, "user"));
        assertThat(NetworkRef.parse("bridge")).isEqualTo(new NetworkRef(NetworkMode.BRIDGE, "bridge"));
        assertThat(NetworkRef.parse("lab")).isEqualTo(new NetworkRef(NetworkMode.VDE, "lab"));
        assertThat(NetworkRef.parse("vde:lab")).isEqualTo(new NetworkRef(NetworkMode.VDE, "lab"));
        assertThat(NetworkRef.parse("lab")).hasToString("vde:lab");
    }

    @Test
    void rejectsUnknownModesAndBadNamesInOneLine() {
        assertThatThrownBy(() -> NetworkRef.parse("macvtap:lab")).isInstanceOf(IgniteException.class)
                .hasMessage("network 'macvtap:lab' has an unknown mode 'macvtap': use user, bridge, vde:NAME or a plain"
                        + " NAME (a vde network)");
        assertThatThrownBy(() -> NetworkRef.parse("Lab/1")).hasMessageStartingWith("network name 'Lab/1' is invalid");
        assertThatThrownBy(() -> NetworkRef.parse("vde:")).hasMessageStartingWith("network name '' is invalid");
        assertThatThrownBy(() -> NetworkRef.parse("vde:bridge")).hasMessageStartingWith("network name 'bridge' is invalid");
    }
}
