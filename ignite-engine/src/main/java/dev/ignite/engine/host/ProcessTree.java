package dev.ignite.engine.host;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends a host program together with everything it started. Killing only the top process would leave
 * its children running (a recipe's {@code make -j} keeps compiling for minutes), and a SIGKILLed
 * shell never runs its EXIT trap, so its scratch folder would stay behind.
 */
final class ProcessTree {
    private ProcessTree() {
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever still runs after {@code grace}. */
    static void end(Process process, Duration grace) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // killed below
                }
            }
        }
        // Children started during the grace period are caught too.
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).forEach(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
    }
}
