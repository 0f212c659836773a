package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;

import dev.ignite.engine.vmm.VmmProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running QEMU, started here or found again by PID (a VM started by another process): stopped
 * through QMP {@code quit}, killed if it does not go.
 */
final class QemuProcess extends VmmProcess {
    private final Path controlSocket;
    private final Path backendLog;

    QemuProcess(ProcessHandle handle, Optional<Process> child, Path controlSocket, Path backendLog) {
        super(handle, child);
        this.controlSocket = controlSocket;
        this.backendLog = backendLog;
    }

    @Override
    public void requestPowerOff() {
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("system_powerdown", null);
        } catch (IOException | RuntimeException e) {
            // Gone already, or QMP busy: the caller's timeout ends the VM the hard way.
        }
    }

    @Override
    public void saveState(Path deviceState, Path memoryFile) {
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("stop", null);
            Migration.ignoreSharedMemory(qmp);
            // exec: QEMU writes the stream itself; the RAM is skipped, it is already in the shared file.
            qmp.execute("migrate", Json.MAPPER.createObjectNode().put("uri", "exec:cat > " + Migration.quote(deviceState)));
            Migration.await(qmp, "saving the state of " + handle.pid());
        } catch (IOException e) {
            throw new IgniteException("cannot save the VM's state to " + deviceState + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setLink(String netdev, boolean up) {
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            // By netdev id QEMU sets the link of the backend and of the NIC it feeds.
            qmp.execute("set_link", Json.MAPPER.createObjectNode().put("name", netdev).put("up", up));
        } catch (IOException e) {
            throw new IgniteException("cannot set link " + netdev + (up ? " up" : " down") + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void askToQuit() {
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("quit", null);
        } catch (IOException | RuntimeException e) {
            handle.destroy();
        }
    }

    @Override
    public String diagnostics() {
        try {
            String log = Files.exists(backendLog) ? Files.readString(backendLog).strip() : "";
            String exit = exitNote("QEMU").orElse("");
            return log.isEmpty() ? exit : exit + ": " + log;
        } catch (IOException e) {
            return "QEMU's log is unreadable: " + e.getMessage();
        }
    }
}
