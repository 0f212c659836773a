package dev.ignite.engine.vm;

import dev.ignite.engine.access.HostKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloneIdentityTest {
    private static final HostKey KEY = HostKey.generate();
    private static final VmSpec SPEC = VmSpec.builder("ignite/tiny", "ignite/debian-cloud").build();

    @Test
    void eachCloneGetsItsOwnRandomnessMachineIdAndAClockRoundedToTheNearestSecond() {
        CloneIdentity one = CloneIdentity.fresh(SPEC, "web_1", null);
        CloneIdentity two = CloneIdentity.fresh(SPEC, "web_1", null);
        assertThat(one.hostname()).isEqualTo("web-1");
        assertThat(one.seed()).isNotEqualTo(two.seed());
        assertThat(one.machineId()).hasSize(32).matches("[0-9a-f]+").isNotEqualTo(two.machineId());
        assertThat(Math.abs(one.now().toEpochMilli() - System.currentTimeMillis())).isLessThan(1000);
    }

    @Test
    void theEnvironmentIsOneQuotedBlockAsOurInitWritesIt() {
        CloneIdentity identity = new CloneIdentity("vm", new byte[64], Instant.EPOCH, Map.of("B", "it's", "A", "1"), List.of("ssh-ed25519 AAAA extra"), KEY);
        assertThat(identity.shellLine()).contains(" && printf '%s\\n' '# ignite-begin (written at boot from the VM'\\''s"
                + " config drive)' 'A=1' 'B=it'\\''s' '# ignite-end' >>/etc/environment"
                + " && { [ ! -S /run/systemd/private ] || systemctl set-environment 'A=1' 'B=it'\\''s'; }"
                + " && printf '%s\\n' 'ssh-ed25519 AAAA extra' >>/root/.ssh/authorized_keys && ");
        assertThat(new CloneIdentity("vm", new byte[64], Instant.EPOCH, Map.of(), List.of(), KEY).shellLine())
                .doesNotContain("/etc/environment").doesNotContain("authorized_keys");
    }
}
