package dev.ignite.engine.vm;

/** Where a VM is in its life; {@code FAILED} means its process ended without being asked to. */
public enum VmState {
    CREATED, RUNNING, STOPPED, FAILED;

    public String display() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
