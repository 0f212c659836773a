package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * JUnit's parallel mode runs the tests of a class at once, and {@code ignite.junit.maxVms} bounds how
 * many VMs exist at the same time: with a limit of 1 the VMs come one after the other, with 2 they overlap.
 */
class ParallelLimitIT {
    static final AtomicInteger LIVE = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();

    @IgniteTest
    static class ThreeTestsWithAVmEach {
        @MicroVM
        Vm vm;

        @Test
        void one() {
            holdVm();
        }

        @Test
        void two() {
            holdVm();
        }

        @Test
        void three() {
            holdVm();
        }

        private void holdVm() {
            PEAK.accumulateAndGet(LIVE.incrementAndGet(), Math::max);
            try {
                vm.execOrFail("sleep 2");
            } finally {
                LIVE.decrementAndGet();
            }
        }
    }

    @Test
    void oneVmAtATimeWithALimitOfOne() {
        assertThat(runInParallel(1)).isEqualTo(1);
    }

    @Test
    void vmsOverlapWhenTheLimitAllows() {
        assertThat(runInParallel(2)).isEqualTo(2);
    }

    private static int runInParallel(int maxVms) {
        PEAK.set(0);
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ThreeTestsWithAVmEach.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "3")
                .configurationParameter(VmSlots.MAX_VMS, Integer.toString(maxVms))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(3));
        return PEAK.get();
    }
}
