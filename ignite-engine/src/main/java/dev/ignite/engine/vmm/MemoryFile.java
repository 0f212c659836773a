package dev.ignite.engine.vmm;

import java.nio.file.Path;

/**
 * Guest RAM kept in a file, for snapshots. A template maps it shared, so the file holds its RAM
 * when it is paused and saved; a clone maps the same file private (copy-on-write), so a restore
 * copies no memory and never writes the template's file, then loads only the device state.
 *
 * @param deviceState  the saved device state to restore from, or null for a template
 * @param templateVmId the template's VM ID: a clone keeps its NIC's MAC, which the guest already knows
 */
public record MemoryFile(Path file, boolean shared, Path deviceState, String templateVmId) {
    public static MemoryFile forTemplate(Path file) {
        return new MemoryFile(file, true, null, null);
    }

    public static MemoryFile forClone(Path file, Path deviceState, String templateVmId) {
        return new MemoryFile(file, false, deviceState, templateVmId);
    }

    public boolean restores() {
        return deviceState != null;
    }
}
