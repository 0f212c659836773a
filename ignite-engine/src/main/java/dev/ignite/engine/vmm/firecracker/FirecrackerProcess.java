package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.VmmProcess;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.ActionType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running Firecracker, started here or found again by PID. It has no "quit" request:
 * {@code SendCtrlAltDel} asks the guest to reboot, which ends a Firecracker VM; a guest that does
 * not react within the timeout is killed.
 */
final class FirecrackerProcess extends VmmProcess {
    private static final Duration API_TIMEOUT = Duration.ofSeconds(2);

    private final Path runDir;
    private final FirecrackerApi api;

    FirecrackerProcess(ProcessHandle handle, Optional<Process> child, Path runDir) {
        super(handle, child);
        this.runDir = runDir;
        this.api = new FirecrackerApi(FirecrackerVmm.apiSocket(runDir), API_TIMEOUT);
    }

    @Override
    public void requestPowerOff() {
        try {
            api.action(ActionType.SEND_CTRL_ALT_DEL);
        } catch (RuntimeException e) {
            // Gone already: the caller's timeout ends it the hard way if not.
        }
    }

    /** Firecracker pauses the guest and writes memory and device state in one request. */
    @Override
    public void saveState(Path deviceState, Path memoryFile) {
        api.patchVm(FirecrackerApi.VmState.PAUSED);
        api.createSnapshot(new FirecrackerApi.SnapshotCreate(FirecrackerApi.SnapshotType.FULL, deviceState.toString(),
                memoryFile.toString()));
    }

    @Override
    protected boolean askToQuit() {
        requestPowerOff();
        return true;
    }

    @Override
    public String diagnostics() {
        List<String> parts = new ArrayList<>();
        exitNote("Firecracker").ifPresent(parts::add);
        parts.add(readStripped(FirecrackerVmm.firecrackerLog(runDir)));
        parts.add(readStripped(new VmFolder(runDir).backendLog()));
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
