package dev.ignite.engine.vmm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ignite.engine.host.ProcStat;

import java.util.Optional;

/**
 * A process as the store records it: PID plus the kernel's start time in clock ticks since boot
 * ({@code /proc/PID/stat}), so a PID the kernel gave to a new process after ours ended is never
 * mistaken for it, and a stepped wall clock never makes another JVM take a live process for a dead
 * one. Records from before this format (a wall-clock {@code started}) name no process that still runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessIdentity(long pid, long startTicks) {
    public static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), ProcStat.of(handle.pid()).map(ProcStat::startTicks).orElse(0L));
    }

    public static ProcessIdentity current() {
        return of(ProcessHandle.current());
    }

    /** The live process this identity names, if it still runs. */
    public Optional<ProcessHandle> find() {
        return ProcStat.isRunning(pid, startTicks) ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
    }

    @JsonIgnore // a check against /proc, not data
    public boolean isAlive() {
        return find().isPresent();
    }
}
