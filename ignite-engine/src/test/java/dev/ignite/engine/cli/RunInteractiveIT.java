package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.recipe.DefaultArtifacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final String tmuxSocket = "ignite-" + vmName;
    private Ignite ignite;

    @BeforeEach
    void defaults() {
        ignite = Ignite.open();
        DefaultArtifacts.ensureKernel(ignite, message -> { });
        DefaultArtifacts.ensureImage(ignite, message -> { });
    }

    @Test
    void sshSessionAfterBootEndsWithItsExitCodeAndRemovesTheVm() throws Exception {
        assumeTrue(HostTools.find("ssh").isPresent(), "no ssh client on this host");
        startInTmux("run --rm --ssh --name " + vmName + " " + Ignite.DEFAULT_IMAGE + " " + Ignite.DEFAULT_KERNEL);
        await("root@" + vmName, BOOT);
        type("tty; echo ssh-$((6*7)); exit 6");
        String pane = await("run exited 6", WAIT);
        assertThat(pane).contains("/dev/pts/", "\nssh-42");
        assertThat(vmExists()).as("VM after --rm --ssh").isFalse();
    }

    @Test
    void consoleAfterBootDetachRemovesTheVm() throws Exception {
        startInTmux("run --rm -it --name " + vmName + " " + Ignite.DEFAULT_IMAGE + " " + Ignite.DEFAULT_KERNEL);
        await("Ctrl-P Ctrl-Q to detach", BOOT);
        tmux("send-keys", "-t", "run", "Enter");
        await("login:", WAIT);
        type("root");
        await("Password:", WAIT);
        type("root");
        await(":~# ", WAIT);
        type("echo it-$((6*7))");
        await("\nit-42", WAIT);
        tmux("send-keys", "-t", "run", "C-p", "C-q");
        String pane = await("run exited 0", WAIT);
        assertThat(pane).contains("ignite: detached; VM " + vmName + " is removed");
        assertThat(vmExists()).as("VM after --rm -it").isFalse();
    }

    @AfterEach
    void removeEverythingStarted() {
        try {
            tmux("kill-server");
        } catch (Exception | AssertionError noServer) {
            // never started, or already gone
        }
        if (vmExists()) {
            ignite.vms().remove(vmName, true);
        }
    }

    private boolean vmExists() {
        return ignite.vms().list().stream().anyMatch(vm -> vmName.equals(vm.name()));
    }

    /** The pane stays after the CLI exits, so its exit code and last lines can be read. */
    private void startInTmux(String arguments) throws Exception {
        tmux("new-session", "-d", "-s", "run", "-x", "150", "-y", "40",
                "'" + IGNITE + "' " + arguments + "; echo \"run exited $?\"; sleep 600");
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", "run", "-l", line);
        tmux("send-keys", "-t", "run", "Enter");
    }

    private String await(String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String pane = "";
        while (Instant.now().isBefore(deadline)) {
            pane = tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "run");
            if (pane.contains(text)) {
                return pane;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tmux pane did not show '" + text + "' within " + timeout.toSeconds() + " s:\n" + pane);
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", tmuxSocket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
