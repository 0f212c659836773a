package dev.ignite.engine.vm;

import java.util.function.Consumer;

/**
 * Passes a VM's serial console to a consumer line by line on a daemon thread, from the start of the
 * log (so nothing printed before it was attached is missed) until the VM ends or this is closed.
 */
public final class ConsoleFollower implements AutoCloseable {
    private final Thread thread;

    private ConsoleFollower(Thread thread) {
        this.thread = thread;
    }

    static ConsoleFollower start(String vmName, SerialLog log, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try {
                log.follow(0, lines);
            } catch (RuntimeException e) {
                // The log was removed with its VM, or the consumer failed: nothing more to pass on.
            }
        }, "ignite-follow-" + vmName);
        thread.setDaemon(true);
        thread.start();
        return new ConsoleFollower(thread);
    }

    /** Waits up to {@code millis} for the lines already printed to be passed on (the follower ends with its VM). */
    public boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Stops following; lines not yet passed on are dropped. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
