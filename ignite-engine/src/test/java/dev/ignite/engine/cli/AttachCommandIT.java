package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code ./ignite attach} in a tmux terminal against a VM started by {@code ./ignite run -d}
 * (so by another process): type a command, see its answer, detach with Ctrl-P Ctrl-Q, find the VM
 * still running, stop it. The VM, its QEMU and the tmux server are gone afterwards, pass or fail.
 */
class AttachCommandIT {
    private static final Path IGNITE = Path.of("..", "ignite").toAbsolutePath().normalize();
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String vmName = "attach-it-" + ProcessHandle.current().pid();
    private Ignite ignite;
    private TmuxTerminal terminal;

    @BeforeEach
    void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @Test
    void attachTypeDetachStop() throws Exception {
        CommandOutput run = ignite("run", "-d", "--cold", "--name", vmName, Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long qemuPid = record().pid();
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).as("QEMU outlived `ignite run -d`")
                .contains(true);

        terminal = TmuxTerminal.start("ignite-" + vmName, "'" + IGNITE + "' attach " + vmName);
        terminal.await("Ctrl-P Ctrl-Q to detach", WAIT);
        terminal.logInAsRoot(BOOT, WAIT);
        terminal.type("echo tmux-$((6*7))");
        String pane = terminal.await("\ntmux-42", WAIT);
        // Raw mode without local echo: the typed line shows once, echoed by the guest only.
        assertThat(pane.split("echo tmux-\\$\\(\\(6\\*7\\)\\)", -1)).hasSize(2);

        terminal.keys("C-p", "C-q");
        pane = terminal.await("exited 0", WAIT);
        assertThat(pane).contains("ignite: detached; VM " + vmName + " is still running");
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).as("QEMU after detach").contains(true);
        assertThat(ignite("ps").stdout()).contains(vmName);
        assertThat(ignite("logs", vmName).stdout()).contains("ignite-init: switch_root to", "\ntmux-42");

        CommandOutput stop = ignite("stop", vmName);
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false)).as("QEMU after stop").isFalse();
        assertThat(record().state()).isEqualTo(VmState.STOPPED);
    }

    @AfterEach
    void removeEverythingStarted() throws Exception {
        if (terminal != null) {
            terminal.close();
        }
        Optional<VmRecord> vm = ignite.vms().list().stream().filter(r -> vmName.equals(r.name())).findFirst();
        if (vm.isPresent()) {
            ignite.vms().remove(vmName, true);
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> String.join(" ", args).contains(vmName)).orElse(false)))
                .as("processes left by the test").isEmpty();
    }

    private VmRecord record() {
        return ignite.vms().list().stream().filter(r -> vmName.equals(r.name())).findFirst().orElseThrow();
    }

    private CommandOutput ignite(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(IGNITE.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static CommandOutput exec(List<String> command) throws Exception {
        Path err = Files.createTempFile("ignite-it", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", command) + "` did not end within " + BOOT);
            }
            return new CommandOutput(command, p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private record CommandOutput(List<String> command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "`" + String.join(" ", command) + "` exited " + exitCode + "\n" + stdout + stderr;
        }
    }
}
