package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.VmProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A running QEMU: stopped through QMP {@code quit}, killed if it does not go. */
final class QemuProcess implements VmProcess {
    private final Process process;
    private final LaunchPlan plan;

    QemuProcess(Process process, LaunchPlan plan) {
        this.process = process;
        this.plan = plan;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void terminate(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        try (Qmp qmp = Qmp.connect(plan.controlSocket())) {
            qmp.execute("quit", null);
        } catch (IOException | RuntimeException e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String diagnostics() {
        try {
            String log = Files.exists(plan.backendLog()) ? Files.readString(plan.backendLog()).strip() : "";
            String exit = process.isAlive() ? "" : "QEMU exited with code " + process.exitValue();
            return log.isEmpty() ? exit : exit + ": " + log;
        } catch (IOException e) {
            return "QEMU's log is unreadable: " + e.getMessage();
        }
    }
}
