package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vmm.Freezer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every boot of a VM appends to one serial log. Each boot is judged by its own part only: a kernel
 * panic of an earlier boot does not fail the next, and the next boot is still watched for a console
 * that stays silent (an early hang), which an earlier boot's hand-over line once hid.
 */
class SerialLogAcrossBootsIT {
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = Ignite.open();
        ignite.defaults().ensureDefaults();
    }

    @Test
    void anEarlierPanicFailsNoLaterBootAndALaterBootThatHangsIsRetried() throws Exception {
        Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192).build());
        CompletableFuture<Optional<ProcessHandle>> freezer = CompletableFuture.completedFuture(Optional.empty());
        try {
            long firstPid = vm.record().pid();
            // A real kernel panic: with panic=-1 and -no-reboot QEMU ends, and the log keeps the line.
            try {
                vm.exec("echo c > /proc/sysrq-trigger", Duration.ofSeconds(10));
            } catch (RuntimeException expected) {
                // the guest died under the command
            }
            ProcessHandle.of(firstPid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            assertThat(vm.serialLog().text()).contains("Kernel panic - not syncing");
            assertThat(vm.state()).isEqualTo(VmState.FAILED);

            // The next boot's QEMU is frozen as it starts, so its console stays silent.
            freezer = CompletableFuture.supplyAsync(
                    () -> Freezer.freezeNextStarted(vm.id(), firstPid, Duration.ofSeconds(60)));
            assertTimeoutPreemptively(Duration.ofMinutes(4), () -> vm.start(),
                    "the boot after a panic, whose first attempt hangs");
            ProcessHandle frozen = freezer.get(1, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no QEMU was frozen"));
            assertThat(frozen.isAlive()).as("the hung attempt's QEMU is ended").isFalse();
            assertThat(vm.record().pid()).as("a later attempt booted").isNotIn(firstPid, frozen.pid());
            assertThat(vm.exec("echo up").stdout()).isEqualTo("up\n");
        } finally {
            Freezer.killQuietly(freezer.getNow(Optional.empty()).orElse(null));
            vm.close();
        }
    }
}
