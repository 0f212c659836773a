package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vmm.Freezer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** `ignite stop` and `ignite rm -f` of a VM whose QEMU is frozen (SIGSTOP) end within 30 s and leave no process. */
class FrozenVmmCliIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String VM = "frozen-cli-" + ProcessHandle.current().pid();
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = Ignite.open();
        ignite.defaults().ensureDefaults();
    }

    @Test
    void stopAndForcedRemoveOfAFrozenVmEndInTimeLeavingNoProcess() {
        ok("run", Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL, "--name", VM, "--memory", "192M");
        ProcessHandle qemu = null;
        try {
            qemu = Freezer.freeze(ignite.vms().get(VM).record().pid());
            CliRun stop = assertTimeoutPreemptively(LIMIT, () -> CliRun.of("stop", VM), "ignite stop of a frozen VM");
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
            assertThat(qemu.isAlive()).as("no QEMU left after ignite stop").isFalse();
            assertThat(ok("ps", "-a", "--filter", "name=" + VM, "--format", "{{.State}}").out()).isEqualTo("Stopped\n");

            ok("start", VM);
            qemu = Freezer.freeze(ignite.vms().get(VM).record().pid());
            CliRun rm = assertTimeoutPreemptively(LIMIT, () -> CliRun.of("rm", "-f", VM), "ignite rm -f of a frozen VM");
            assertThat(rm.exitCode()).as(rm.toString()).isZero();
            assertThat(qemu.isAlive()).as("no QEMU left after ignite rm -f").isFalse();
            assertThat(ignite.vms().find(VM)).isEmpty();
        } finally {
            Freezer.killQuietly(qemu); // unblocks a hung command, so a failure here ends too
            CliRun.of("rm", "-f", VM);
        }
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("ignite " + String.join(" ", args) + "\n" + run).isZero();
        return run;
    }
}
