package dev.ignite.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the kernel says of a process in {@code /proc/PID/stat}: its state and its start time in clock
 * ticks since boot. The start time is the kernel's own count, so no step of the wall clock (NTP, a
 * suspended host, {@code date -s}) changes it; {@link ProcessHandle.Info#startInstant()} adds the
 * boot time as each JVM read it from the wall clock, and two JVMs can disagree by any amount.
 */
public record ProcStat(char state, long startTicks) {
    /** The fields after the command name, which is in parentheses and may hold spaces and parentheses. */
    private static final int STATE = 0;
    /** Field 22 of proc(5), counted from field 3 (the state). */
    private static final int START_TIME = 22 - 3;

    public static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no such process (any more)
        }
    }

    /** Whether the process {@code pid} that started at {@code startTicks} still runs (not a later one with its PID). */
    public static boolean isRunning(long pid, long startTicks) {
        return pid > 0 && startTicks > 0
                && of(pid).filter(s -> s.startTicks() == startTicks && !s.ended()).isPresent();
    }

    static ProcStat parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(fields[STATE].charAt(0), Long.parseLong(fields[START_TIME]));
    }

    /** A zombie or dead process: it has ended, only its entry is left. */
    public boolean ended() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
