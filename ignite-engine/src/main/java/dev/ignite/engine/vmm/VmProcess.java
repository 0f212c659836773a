package dev.ignite.engine.vmm;

import java.nio.file.Path;
import java.time.Duration;

/** A running VM's host process, as its backend controls it; possibly started by another process. */
public interface VmProcess {
    long pid();

    /** PID and start time: what tells this process from a later one given the same PID. */
    ProcessIdentity identity();

    boolean isAlive();

    /** Asks the guest to power off (ACPI power button); returns at once. */
    void requestPowerOff();

    /** Waits up to {@code timeout} for the process to end; true if it did. */
    boolean awaitExit(Duration timeout);

    /** Ends the VM now (the guest gets no say); waits up to {@code timeout}, then kills the process. */
    void terminate(Duration timeout);

    /**
     * Pauses the guest and saves it: device state to {@code deviceState}, RAM to {@code memoryFile}
     * (QEMU has it there already: a template's RAM is that file, mapped shared). The process stays
     * paused until terminated.
     */
    void saveState(Path deviceState, Path memoryFile);

    /**
     * Sets the link of the NIC whose netdev is {@code netdev} ({@code net1} is the first shared NIC)
     * up or down, as pulling its cable would: the guest sees carrier loss and nothing passes.
     */
    default void setLink(String netdev, boolean up) {
        throw new dev.ignite.engine.IgniteException("this VMM cannot set a NIC's link " + (up ? "up" : "down"));
    }

    /** Kills the process at once (SIGKILL) and waits for it to go. */
    void kill();

    /** The backend's last words when the process died on its own, for error messages. */
    String diagnostics();
}
