package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A kernel error on a VM's console fails the test that used the VM, with the console excerpt: a test
 * whose own checks passed fails at its end, and a test whose VM panicked under it fails with the
 * panic rather than with the lost SSH connection.
 */
class KernelErrorIT {
    @IgniteTest
    static class BugWhileTheTestPasses {
        @MicroVM
        Vm vm;

        @Test
        void printsABugButAssertsNothing() {
            // The kernel log at emergency level reaches the console like a real BUG report.
            vm.execOrFail("echo '<0>BUG: unable to handle page fault (simulated by the test)' > /dev/kmsg");
        }
    }

    @IgniteTest
    static class PanicUnderTheTest {
        @MicroVM
        Vm vm;

        @Test
        void crashesTheKernelThenExecs() throws InterruptedException {
            vm.exec("echo 1 > /proc/sys/kernel/sysrq; (sleep 0.2; echo c > /proc/sysrq-trigger) >/dev/null 2>&1 &");
            Thread.sleep(3000);
            vm.execOrFail("echo still here");
        }
    }

    @Test
    void aBugOnTheConsoleFailsAPassingTest() {
        Throwable failure = failureOf(BugWhileTheTestPasses.class);

        assertThat(failure).isInstanceOf(KernelErrorOnConsole.class)
                .hasMessageContaining("printed a kernel error on its console:")
                .hasMessageContaining("BUG: unable to handle page fault (simulated by the test)");
    }

    @Test
    void aPanicIsWhatTheTestFailsWith() {
        Throwable failure = failureOf(PanicUnderTheTest.class);

        assertThat(failure).isInstanceOf(KernelErrorOnConsole.class)
                .hasMessageContaining("Kernel panic - not syncing: sysrq triggered crash");
        assertThat(failure.getCause()).isNotNull(); // the exec that lost its VM
    }

    private static Throwable failureOf(Class<?> fixture) {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
        events.assertStatistics(stats -> stats.failed(1));
        return events.failed().stream().findFirst().orElseThrow().getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow();
    }
}
