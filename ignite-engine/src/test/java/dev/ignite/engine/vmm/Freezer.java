package dev.ignite.engine.vmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Freezes a VMM process as SIGSTOP does (a debugger, a stuck host, `kill -STOP`): it runs no more and answers nothing. */
public final class Freezer {
    private Freezer() {
    }

    public static ProcessHandle freeze(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        signal("-STOP", pid);
        // kill returns once the signal is sent; the group stop reaches the process's threads a moment
        // later (a thread busy on a CPU reads 'R' until then). Frozen means stopped: wait for it.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (state(pid) != 'T' && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return process;
    }

    /** Kills what a test froze, whatever the code under test did: a stopped process still takes SIGKILL. */
    public static void killQuietly(ProcessHandle process) {
        if (process != null) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** This JVM's first VMM process started after now whose command line names {@code vmId}, frozen at once. */
    public static Optional<ProcessHandle> freezeNextStarted(String vmId, long notPid, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> next = ProcessHandle.current().descendants()
                    .filter(p -> p.pid() != notPid && p.isAlive())
                    .filter(p -> p.info().commandLine().orElse("").contains("ignite-" + vmId))
                    .findFirst();
            if (next.isPresent()) {
                return Optional.of(freeze(next.get().pid()));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The state letter of /proc/PID/stat: T for stopped. */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
        } catch (IOException e) {
            return '-';
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
