package dev.ignite.junit;

import dev.ignite.engine.host.HostTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import static org.assertj.core.api.Assertions.assertThat;

class MicroVmSupportConditionTest {
    @Test
    void aHostWithEverythingRunsTheTests() {
        assertThat(MicroVmSupportCondition.evaluate(tool -> true).isDisabled()).isFalse();
    }

    @Test
    void aHostWithoutQemuSkipsThemSayingWhatToInstall() {
        ConditionEvaluationResult result = MicroVmSupportCondition.evaluate(
                tool -> tool != HostTool.QEMU && tool != HostTool.QEMU_IMG);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("microVMs are not supported on this host: missing "
                + "qemu-system-x86_64, qemu-img; install with: sudo apt-get install qemu-system-x86 qemu-utils");
    }
}
