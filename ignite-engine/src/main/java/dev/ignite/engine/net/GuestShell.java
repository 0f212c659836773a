package dev.ignite.engine.net;

/** Runs a shell command as root in a VM of the store, wherever its handle lives. */
@FunctionalInterface
public interface GuestShell {
    /** @return false when the VM is not running or did not answer; the command's failure is thrown */
    boolean run(String vmId, String command);
}
