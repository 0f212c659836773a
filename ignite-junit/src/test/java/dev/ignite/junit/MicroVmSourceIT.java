package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A kernel × image matrix: one invocation per combination, each VM booted from its variant. The store
 * of a fresh CI run holds one kernel, so the second kernel is one that does not exist: its invocation
 * must fail naming it, which proves the variant, not the annotation, chose the kernel.
 */
class MicroVmSourceIT {
    static final List<String> BOOTED = new CopyOnWriteArrayList<>();

    @IgniteTest
    static class KernelMatrix {
        @ParameterizedTest
        @MicroVmSource(kernels = {Ignite.DEFAULT_KERNEL, "missing/kernel"})
        void bootsEveryKernel(MicroVmVariant variant, @MicroVM Vm vm) {
            BOOTED.add(variant.kernel() + " -> " + vm.kernel().name() + " " + vm.exec("uname -r").stdout().strip());
        }
    }

    @Test
    void oneInvocationPerVariant() {
        BOOTED.clear();
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(KernelMatrix.class)).execute()
                .testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(BOOTED).singleElement().asString().startsWith(Ignite.DEFAULT_KERNEL + " -> " + Ignite.DEFAULT_KERNEL);
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure).hasMessageContaining("missing/kernel")
                .as("a bare name is never guessed to be a registry image").hasMessageNotContaining("pulling");
    }
}
