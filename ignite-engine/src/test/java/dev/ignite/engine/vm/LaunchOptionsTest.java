package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.Ownership;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a VM is launched: defaults, and the combinations that cannot work, refused with the fix. */
class LaunchOptionsTest {
    @Test
    void byDefaultAVmIsOwnedByThisProcessACloneStartedAndLogged() {
        LaunchOptions options = LaunchOptions.defaults();
        assertThat(options.ownership()).isEqualTo(Ownership.THIS_PROCESS);
        assertThat(options.boot()).isEqualTo(BootMode.CLONE);
        assertThat(options.warmup()).isEmpty();
        assertThat(options.warmPool()).isZero();
        assertThat(options.start()).isTrue();
        assertThat(options.listener()).isSameAs(LaunchListener.LOGGING);
        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void warmupNeedsACloneAndAPoolNeedsStartedVmsOfThisProcess() {
        assertThatThrownBy(() -> LaunchOptions.builder().setBoot(BootMode.COLD).addWarmup("apk add curl").build())
                .isInstanceOf(IgniteException.class).hasMessageContaining("launch with boot mode CLONE");
        assertThatThrownBy(() -> LaunchOptions.builder().setWarmPool(2).setOwnership(Ownership.DETACHED).build())
                .hasMessageContaining("ownership THIS_PROCESS and start true");
        assertThatThrownBy(() -> LaunchOptions.builder().setWarmPool(2).setStart(false).build())
                .hasMessageContaining("ownership THIS_PROCESS and start true");
        assertThatThrownBy(() -> LaunchOptions.builder().setWarmPool(-1).build()).hasMessageContaining("got -1");
    }

    @Test
    void setReplacesAndAddAppendsWarmupCommands() {
        LaunchOptions options = LaunchOptions.builder().setBoot(BootMode.CLONE).addWarmup("a")
                .setWarmup(List.of("b", "c")).addWarmup("d").build();
        assertThat(options.warmup()).containsExactly("b", "c", "d");
    }
}
