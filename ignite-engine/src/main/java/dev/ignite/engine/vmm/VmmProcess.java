package dev.ignite.engine.vmm;

import java.time.Duration;
import java.util.Optional;

/**
 * What every VMM's process handle shares: the host process (started here, or found again by PID
 * for a VM another process started), its identity, waiting for it, and ending it: first the
 * backend's own way of asking it to go, then by force.
 */
public abstract class VmmProcess implements VmProcess {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    protected final ProcessHandle handle;
    /** The process object when this JVM started it: only then is its exit code known. */
    protected final Optional<Process> child;

    protected VmmProcess(ProcessHandle handle, Optional<Process> child) {
        this.handle = handle;
        this.child = child;
    }

    @Override
    public final long pid() {
        return handle.pid();
    }

    @Override
    public final ProcessIdentity identity() {
        return ProcessIdentity.of(handle);
    }

    @Override
    public final boolean isAlive() {
        return handle.isAlive();
    }

    @Override
    public final boolean awaitExit(Duration timeout) {
        return ProcessExit.await(handle, timeout);
    }

    /**
     * Asks the backend to end the VM now (QMP quit, Ctrl-Alt-Del); returns at once, failing quietly.
     * False when the VMM did not answer in time (frozen or wedged): it would not act on a request
     * or SIGTERM either, so it is killed without waiting.
     */
    protected abstract boolean askToQuit();

    @Override
    public final void terminate(Duration timeout) {
        if (!handle.isAlive()) {
            return;
        }
        if (!askToQuit() || !awaitExit(timeout)) {
            kill();
        }
    }

    @Override
    public final void kill() {
        handle.destroyForcibly();
        awaitExit(KILL_WAIT);
    }

    /** "NAME exited with code N" once a child this JVM started has ended, else empty. */
    protected final Optional<String> exitNote(String backend) {
        return child.filter(p -> !p.isAlive()).map(p -> backend + " exited with code " + p.exitValue());
    }
}
