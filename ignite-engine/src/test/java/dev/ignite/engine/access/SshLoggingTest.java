package dev.ignite.engine.access;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class SshLoggingTest {
    private final LinkedBlockingQueue<SubstituteLoggingEvent> events = new LinkedBlockingQueue<>();
    private final Logger sshj = SshLogging.demoted(new EventRecordingLogger(
            new SubstituteLogger("net.schmizz.sshj.transport.TransportImpl", events, false), events));

    @Test
    void sshjInfoIsDebugDetail() {
        sshj.info("Client identity string: {}", "SSH-2.0-SSHJ_0.40.0");
        assertThat(events.poll()).satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getArgumentArray()).containsExactly("SSH-2.0-SSHJ_0.40.0");
        });
    }

    @Test
    void aGuestNotListeningYetIsNoError() {
        sshj.error("Received end of connection, but no identification received. ");
        assertThat(events.poll().getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void otherWarningsAndErrorsKeepTheirLevel() {
        IllegalStateException cause = new IllegalStateException("broken pipe");
        sshj.error("Dying because - {}", "broken pipe", cause);
        sshj.warn("Error closing");
        SubstituteLoggingEvent error = events.poll();
        assertThat(error.getLevel()).isEqualTo(Level.ERROR);
        assertThat(error.getThrowable()).isSameAs(cause);
        assertThat(events.poll().getLevel()).isEqualTo(Level.WARN);
    }
}
