package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.HostKeyMismatchException;
import dev.ignite.engine.access.SshConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clones restored from one snapshot wake up with their template's SSH host key in memory; each
 * installs a key of its own at once, so no two clones (nor the template) share one.
 */
class CloneHostKeyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void eachCloneServesItsOwnHostKeyAndNotTheTemplates() {
        Ignite ignite = TestEngine.openWithDefaults();
        VmSpec spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192).build();
        try (Vm first = ignite.launch(spec, LaunchOptions.builder().setBoot(BootMode.CLONE).build());
             Vm second = ignite.launch(spec, LaunchOptions.builder().setBoot(BootMode.CLONE).build())) {
            String template = ignite.vms().snapshots().get(first.record().snapshotId()).templateHostKey();
            String firstKey = HostKey.publicLine(first.record().folder());
            String secondKey = HostKey.publicLine(second.record().folder());
            assertThat(Set.of(template, firstKey, secondKey)).hasSize(3);

            for (Vm clone : List.of(first, second)) {
                // A new handle opens a new connection, pinned to the clone's own key: the guest serves it now.
                assertThat(ignite.vms().get(clone.id()).exec("echo own-key").stdout()).isEqualTo("own-key\n");
                assertThatThrownBy(() -> SshConnection.open("127.0.0.1", clone.record().sshPort(), ignite.sshKeys().keyPair(),
                        template, TIMEOUT)).as("the template's key is no longer served")
                        .isInstanceOf(HostKeyMismatchException.class);
                assertThat(clone.exec("echo first-connection").stdout()).as("the connection made at restore still works")
                        .isEqualTo("first-connection\n");
            }

            first.restart(); // a cold boot from the clone's own disk: its key comes from its config drive
            assertThat(ignite.vms().get(first.id()).exec("echo after-restart").stdout()).isEqualTo("after-restart\n");
        }
    }
}
