package dev.ignite.engine.vmm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.VmmSelector.Backend;
import dev.ignite.engine.vmm.VmmSelector.Host;
import dev.ignite.engine.vmm.VmmSelector.Request;
import dev.ignite.engine.vmm.firecracker.FirecrackerVmm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmmSelectorTest {
    private static final Path FIRECRACKER = Path.of("/usr/local/bin/firecracker");
    private static final Host READY = new Host(Optional.of(FIRECRACKER), true);
    private static final Host NO_KVM = new Host(Optional.of(FIRECRACKER), false);
    private static final Host NO_BINARY = new Host(Optional.empty(), true);
    private static final Host NEITHER = new Host(Optional.empty(), false);
    private static final Request AUTO = VmmSelector.request(null, null);

    @Test
    void automaticChoiceIsFirecrackerOnlyWithBothBinaryAndKvm() {
        Vmm chosen = VmmSelector.select(AUTO, READY);
        assertThat(chosen.name()).isEqualTo("firecracker");
        assertThat(((FirecrackerVmm) chosen).binary()).isEqualTo(FIRECRACKER);

        assertThat(VmmSelector.select(AUTO, NO_KVM).name()).isEqualTo("qemu");
        assertThat(VmmSelector.select(AUTO, NO_BINARY).name()).isEqualTo("qemu");
        assertThat(VmmSelector.select(AUTO, NEITHER).name()).isEqualTo("qemu");
    }

    @Test
    void anExplicitChoiceWins() {
        assertThat(VmmSelector.select(VmmSelector.request(null, "qemu"), READY).name()).isEqualTo("qemu");
        assertThat(VmmSelector.select(VmmSelector.request(null, " Firecracker "), READY).name())
                .isEqualTo("firecracker");
        assertThat(VmmSelector.select(VmmSelector.request(null, "auto"), READY).name()).isEqualTo("firecracker");
    }

    @Test
    void theSystemPropertyOverridesTheEnvironmentAndBlankMeansUnset() {
        assertThat(VmmSelector.request("qemu", "firecracker"))
                .isEqualTo(new Request(Backend.QEMU, "system property ignite.vmm"));
        assertThat(VmmSelector.request(" ", "firecracker")).isEqualTo(new Request(Backend.FIRECRACKER, "IGNITE_VMM"));
        assertThat(VmmSelector.request("", "")).isEqualTo(new Request(Backend.AUTO, "default"));
    }

    @Test
    void anUnknownBackendNamesTheSettingAndTheChoices() {
        assertThatThrownBy(() -> VmmSelector.request(null, "xen"))
                .isInstanceOf(IgniteException.class)
                .hasMessage("IGNITE_VMM must be qemu, firecracker or auto but was: xen");
        assertThatThrownBy(() -> VmmSelector.request("kvmtool", null))
                .hasMessage("system property ignite.vmm must be qemu, firecracker or auto but was: kvmtool");
    }

    @Test
    void explicitFirecrackerOnAHostThatCannotRunItGivesOneClearError() {
        Request firecracker = VmmSelector.request(null, "firecracker");

        assertThatThrownBy(() -> VmmSelector.select(firecracker, NEITHER))
                .isInstanceOf(IgniteException.class)
                .hasMessage("IGNITE_VMM asks for the Firecracker backend, but this host has no `firecracker` "
                        + "executable on PATH (install it from Firecracker's release binaries) and no usable KVM "
                        + "(Firecracker needs /dev/kvm readable and writable by this user and a CPU with vmx/svm): "
                        + "fix that, or use IGNITE_VMM=qemu");
        assertThatThrownBy(() -> VmmSelector.select(firecracker, NO_KVM))
                .hasMessageContaining("this host has no usable KVM");
        assertThatThrownBy(() -> VmmSelector.select(firecracker, NO_BINARY))
                .hasMessageContaining("this host has no `firecracker` executable on PATH");
    }
}
