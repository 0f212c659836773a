package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.ActionType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running Firecracker. It has no "quit" request: {@code SendCtrlAltDel} asks the guest to reboot,
 * which ends a Firecracker VM; a guest that does not react within the timeout is killed.
 */
final class FirecrackerProcess implements VmProcess {
    private static final Duration API_TIMEOUT = Duration.ofSeconds(2);

    private final Process process;
    private final LaunchPlan plan;
    private final FirecrackerApi api;

    FirecrackerProcess(Process process, LaunchPlan plan) {
        this.process = process;
        this.plan = plan;
        this.api = new FirecrackerApi(FirecrackerVmm.apiSocket(plan), API_TIMEOUT);
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
        try {
            api.action(ActionType.SEND_CTRL_ALT_DEL);
        } catch (RuntimeException e) {
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

    /** Ends the process at once: for a start that failed halfway, when the guest never ran. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String diagnostics() {
        List<String> parts = new ArrayList<>();
        if (!process.isAlive()) {
            parts.add("Firecracker exited with code " + process.exitValue());
        }
        parts.add(readStripped(FirecrackerVmm.firecrackerLog(plan)));
        parts.add(readStripped(plan.backendLog()));
        parts.removeIf(String::isEmpty);
        return String.join(": ", parts);
    }

    private static String readStripped(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log).strip() : "";
        } catch (IOException e) {
            return "unreadable " + log + ": " + e.getMessage();
        }
    }
}
