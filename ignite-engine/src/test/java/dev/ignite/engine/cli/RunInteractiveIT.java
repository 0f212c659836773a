package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.host.HostTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code ./ignite run --rm --ssh} and {@code run --rm -it} in a tmux terminal: a shell with a
 * pty over the host's ssh client whose exit code becomes the CLI's, and the console after boot, where
 * detaching removes the VM. One VM at a time; tmux server and VMs are gone afterwards, pass or fail.
 */
class RunInteractiveIT {
    private static final Path IGNITE = Path.of("..", "ignite").toAbsolutePath().normalize();
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String vmName = "run-it-" + ProcessHandle.current().pid();
    private Ignite ignite;
    private TmuxTerminal terminal;

    @BeforeEach
    void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @Test
    void sshSessionAfterBootEndsWithItsExitCodeAndRemovesTheVm() throws Exception {
        assumeTrue(HostTools.find("ssh").isPresent(), "no ssh client on this host");
        run("--rm --ssh --name " + vmName + " " + Ignite.DEFAULT_IMAGE + " " + Ignite.DEFAULT_KERNEL);
        terminal.await("root@" + vmName, BOOT);
        terminal.type("tty; echo ssh-$((6*7)); exit 6");
        String pane = terminal.await("exited 6", WAIT);
        assertThat(pane).contains("/dev/pts/", "\nssh-42");
        assertThat(vmExists()).as("VM after --rm --ssh").isFalse();
    }

    @Test
    void consoleAfterBootDetachRemovesTheVm() throws Exception {
        run("--rm -it --name " + vmName + " " + Ignite.DEFAULT_IMAGE + " " + Ignite.DEFAULT_KERNEL);
        terminal.await("Ctrl-P Ctrl-Q to detach", BOOT);
        terminal.logInAsRoot(WAIT, WAIT);
        terminal.type("echo it-$((6*7))");
        terminal.await("\nit-42", WAIT);
        terminal.keys("C-p", "C-q");
        String pane = terminal.await("exited 0", WAIT);
        assertThat(pane).contains("ignite: detached; VM " + vmName + " is removed");
        assertThat(vmExists()).as("VM after --rm -it").isFalse();
    }

    @AfterEach
    void removeEverythingStarted() {
        if (terminal != null) {
            terminal.close();
        }
        if (vmExists()) {
            ignite.vms().remove(vmName, true);
        }
    }

    private boolean vmExists() {
        return ignite.vms().list().stream().anyMatch(vm -> vmName.equals(vm.name()));
    }

    private void run(String arguments) throws Exception {
        terminal = TmuxTerminal.start("ignite-" + vmName, "'" + IGNITE + "' run " + arguments);
    }
}
