package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.vmm.VmProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running QEMU: stopped through QMP {@code quit}, killed if it does not go. Either started by this
 * JVM ({@code process} known, with its exit code) or found by PID, started by another process.
 */
final class QemuProcess implements VmProcess {
    private final ProcessHandle handle;
    private final Process process;
    private final Path controlSocket;
    private final Path backendLog;

    QemuProcess(Process process, Path controlSocket, Path backendLog) {
        this(process.toHandle(), process, controlSocket, backendLog);
    }

    QemuProcess(ProcessHandle handle, Process process, Path controlSocket, Path backendLog) {
        this.handle = handle;
        this.process = process;
        this.controlSocket = controlSocket;
        this.backendLog = backendLog;
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public boolean isAlive() {
        return handle.isAlive();
    }

    @Override
    public void terminate(Duration timeout) {
        if (!handle.isAlive()) {
            return;
        }
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("quit", null);
        } catch (IOException | RuntimeException e) {
            handle.destroy();
        }
        if (!awaitExit(timeout)) {
            handle.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String diagnostics() {
        try {
            String log = Files.exists(backendLog) ? Files.readString(backendLog).strip() : "";
            String exit = handle.isAlive() ? "" : process != null ? "QEMU exited with code " + process.exitValue()
                    : "QEMU exited";
            return log.isEmpty() ? exit : exit + ": " + log;
        } catch (IOException e) {
            return "QEMU's log is unreadable: " + e.getMessage();
        }
    }
}
