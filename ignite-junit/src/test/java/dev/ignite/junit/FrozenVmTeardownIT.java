package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmRecord;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A test whose VM's QEMU is frozen (SIGSTOP) still has its VM stopped and removed by the extension, within 30 s. */
class FrozenVmTeardownIT {
    static volatile Vm seen;
    static volatile long frozenPid;
    static volatile long frozenAt;

    @IgniteTest
    static class FreezingFixture {
        @MicroVM
        Vm vm;

        @Test
        void freezesItsVmsProcess() throws Exception {
            seen = vm;
            frozenPid = vm.record().pid();
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(frozenPid)).start().waitFor()).isZero();
            frozenAt = System.nanoTime();
        }
    }

    @Test
    void theTeardownOfAFrozenVmEndsWithinThirtySecondsLeavingNothing() {
        seen = null;
        frozenPid = 0;
        try {
            assertTimeoutPreemptively(Duration.ofMinutes(3), () -> EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(FreezingFixture.class)).execute().testEvents()
                    .assertStatistics(stats -> stats.started(1).succeeded(1)));
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).as("from the freeze to the end of the teardown")
                    .isLessThan(Duration.ofSeconds(30));
            List<String> remaining = Ignite.open().vms().list().stream().map(VmRecord::id).toList();
            assertThat(remaining).doesNotContain(seen.id());
            assertThat(ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").contains("qemu"))).isEmpty();
        } finally {
            // A teardown that hangs is ended here, so the failure is reported instead of hanging the build.
            ProcessHandle.of(frozenPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
