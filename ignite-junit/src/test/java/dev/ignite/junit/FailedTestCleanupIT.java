package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmRecord;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A test that fails reports its VM's serial console, and still has its VM stopped and removed: no
 * process, no folder, no store entry.
 */
class FailedTestCleanupIT {
    static final List<Vm> SEEN = new ArrayList<>();

    @IgniteTest
    static class FailingFixture {
        @MicroVM
        Vm vm;

        @Test
        void failsAfterUsingItsVm() {
            SEEN.add(vm);
            assertThat(vm.exec("echo up").stdout()).isEqualTo("up\n");
            throw new AssertionError("deliberate failure");
        }
    }

    @IgniteTest
    static class KeepOnFailureFixture {
        @MicroVM(keepOnFailure = true)
        Vm vm;

        @Test
        void fails() {
            SEEN.add(vm);
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    void failedTestsVmIsGone() {
        SEEN.clear();

        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingFixture.class)).execute()
                .testEvents();
        events.assertStatistics(stats -> stats.started(1).failed(1));

        assertThat(SEEN).hasSize(1);
        Vm vm = SEEN.get(0);
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure).hasMessage("deliberate failure");
        assertThat(failure.getSuppressed()).singleElement().satisfies(diagnostics -> assertThat(diagnostics.getMessage())
                .startsWith("VM " + vm.name() + " (" + vm.id() + ", Running), serial console, last 40 lines:")
                .contains("login:")
                .contains("--- last commands (oldest first) ---\necho up  -> exit 0 in ")
                .doesNotContain("kept running"));
        List<ReportEntry> entries = events.reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertThat(entries).singleElement().satisfies(entry -> assertThat(entry.getKeyValuePairs())
                .containsKey("ignite.vm." + vm.name()));
        List<String> remaining = Ignite.open().vms().list().stream().map(VmRecord::id).toList();
        assertThat(remaining).doesNotContain(vm.id());
        assertThat(Files.exists(vm.serialLog().file())).isFalse();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").contains("qemu"))).isEmpty();
    }

    @Test
    void withKeepFailedVmsTheFailedTestsVmKeepsRunningDetached() {
        SEEN.clear();

        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingFixture.class))
                .configurationParameter(IgniteExtension.KEEP_FAILED, "true").execute().testEvents();
        events.assertStatistics(stats -> stats.started(1).failed(1));

        Vm vm = SEEN.get(0);
        try {
            Throwable failure = events.failed().stream().findFirst().orElseThrow()
                    .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
            assertThat(failure.getSuppressed()).singleElement().satisfies(d -> assertThat(d.getMessage())
                    .contains("kept running for inspection: `ignite attach " + vm.name() + "`"));
            VmRecord kept = Ignite.open().vms().find(vm.id()).orElseThrow();
            assertThat(kept.state()).isEqualTo(dev.ignite.engine.vm.VmState.RUNNING);
            assertThat(kept.detached()).as("outlives this JVM").isTrue();
            assertThat(Ignite.open().vms().get(vm.id()).exec("echo still here").stdout()).isEqualTo("still here\n");
        } finally {
            Ignite.open().vms().remove(vm.id(), true);
        }
    }

    @Test
    void keepOnFailureKeepsThatVmWithoutTheGlobalSwitch() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(KeepOnFailureFixture.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).failed(1));

        Vm vm = SEEN.get(0);
        try {
            VmRecord kept = Ignite.open().vms().find(vm.id()).orElseThrow();
            assertThat(kept.state()).isEqualTo(dev.ignite.engine.vm.VmState.RUNNING);
            assertThat(kept.detached()).isTrue();
        } finally {
            Ignite.open().vms().remove(vm.id(), true);
        }
    }
}
