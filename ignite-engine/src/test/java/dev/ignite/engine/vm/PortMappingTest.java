package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortMappingTest {
    @Test
    void tcpUnlessUdpIsWritten() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping("127.0.0.1", 8080, 80, "tcp"));
        assertThat(PortMapping.parse("0.0.0.0:5353:53/udp")).isEqualTo(new PortMapping("0.0.0.0", 5353, 53, "udp"));
        assertThat(PortMapping.parse("53/UDP").protocol()).isEqualTo("udp");
        assertThat(PortMapping.parse(PortMapping.parse("5353:53/udp").toString()))
                .isEqualTo(PortMapping.parse("5353:53/udp"));
    }

    @Test
    void otherProtocolsAreRefused() {
        assertThatThrownBy(() -> PortMapping.parse("80/sctp")).isInstanceOf(IgniteException.class)
                .hasMessage("port mapping protocol 'sctp' is neither tcp nor udp");
    }
}
