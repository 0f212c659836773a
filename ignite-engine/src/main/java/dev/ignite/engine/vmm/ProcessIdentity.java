package dev.ignite.engine.vmm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process as the store records it: PID plus start time, so a PID the kernel gave to a new process
 * after ours ended is never mistaken for it.
 */
public record ProcessIdentity(long pid, Instant started) {
    /** /proc gives start times in clock ticks; what Java reads back may differ from the first reading by one. */
    private static final Duration TOLERANCE = Duration.ofSeconds(1);

    public static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH));
    }

    public static ProcessIdentity current() {
        return of(ProcessHandle.current());
    }

    /** The live process this identity names, if it still runs. */
    public Optional<ProcessHandle> find() {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                .map(s -> Duration.between(s, started).abs().compareTo(TOLERANCE) <= 0).orElse(false));
    }

    public boolean isAlive() {
        return find().isPresent();
    }
}
