package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vmm.Freezer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A VMM frozen by SIGSTOP answers neither QMP nor SSH nor SIGTERM: stopping or closing its VM still
 * ends within 30 s and leaves no process (the CLI's side: {@code FrozenVmmCliIT}).
 */
class FrozenVmmIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = Ignite.open();
        ignite.defaults().ensureDefaults();
    }

    @Test
    void aFrozenVmIsStoppedAndClosedWithinThirtySecondsLeavingNoProcess() {
        Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192).build());
        ProcessHandle qemu = null;
        try {
            qemu = Freezer.freeze(vm.record().pid());
            assertThat(Freezer.state(qemu.pid())).as("QEMU is stopped").isEqualTo('T');
            assertTimeoutPreemptively(LIMIT, () -> vm.stop(), "Vm.stop() of a frozen VM");
            assertThat(qemu.isAlive()).as("no QEMU left after stop").isFalse();
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(vm.stateReason()).contains("stopped by force");

            vm.start();
            qemu = Freezer.freeze(vm.record().pid());
            Path folder = vm.record().folder();
            assertTimeoutPreemptively(LIMIT, vm::close, "Vm.close() of a frozen VM (what JUnit's teardown calls)");
            assertThat(qemu.isAlive()).as("no QEMU left after close").isFalse();
            assertThat(Files.exists(folder)).isFalse();
        } finally {
            Freezer.killQuietly(qemu); // unblocks a hung stop or close, so a failure here ends too
            vm.close();
        }
    }
}
