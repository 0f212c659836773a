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
 * through QMP {@code quit}, killed if it does not go. A QEMU whose monitor does not answer in time
 * (frozen by SIGSTOP, or wedged) would not act on {@code quit} or SIGTERM either: it is killed.
 */
final class QemuProcess extends VmmProcess {
    private final Path controlSocket;
    private final Path backendLog;
    /** Set once the monitor missed a deadline: later requests would only wait for it again. */
    private volatile boolean monitorUnresponsive;

    QemuProcess(ProcessHandle handle, Optional<Process> child, Path controlSocket, Path backendLog) {
        super(handle, child);
        this.controlSocket = controlSocket;
        this.backendLog = backendLog;
    }

    @Override
    public void requestPowerOff() {
        if (monitorUnresponsive) {
            return;
        }
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("system_powerdown", null);
        } catch (Qmp.TimeoutException e) {
            monitorUnresponsive = true; // frozen or wedged: the caller's timeout ends the VM the hard way
        } catch (IOException | RuntimeException e) {
            // Gone already: nothing to power off.
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
    protected boolean askToQuit() {
        if (monitorUnresponsive) {
            return false;
        }
        try (Qmp qmp = Qmp.connect(controlSocket)) {
            qmp.execute("quit", null);
        } catch (Qmp.TimeoutException e) {
            monitorUnresponsive = true;
            return false;
        } catch (IOException | RuntimeException e) {
            handle.destroy(); // no monitor to ask (its socket gone): SIGTERM, QEMU's own clean exit
        }
        return true;
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
