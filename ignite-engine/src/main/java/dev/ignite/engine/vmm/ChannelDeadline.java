package dev.ignite.engine.vmm;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for one exchange on a VMM's unix control socket. JDK unix channels have no read
 * timeout, and a frozen or wedged VMM never answers: when the deadline passes, the channel is
 * closed, which ends the blocked read with an {@link java.nio.channels.AsynchronousCloseException}.
 */
public final class ChannelDeadline implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ignite-vmm-socket-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> closing;

    private ChannelDeadline(ScheduledFuture<?> closing) {
        this.closing = closing;
    }

    /** Closes {@code channel} after {@code timeout} unless this deadline is closed first. */
    public static ChannelDeadline arm(Channel channel, Duration timeout) {
        return new ChannelDeadline(WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Disarms the deadline: the exchange finished in time. */
    @Override
    public void close() {
        closing.cancel(false);
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The exchange that owns the channel reports the failure.
        }
    }
}
