package dev.ignite.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many VMs the run keeps at once (configuration parameter {@value #MAX_VMS}; unbounded when
 * unset), so JUnit's parallel mode cannot boot more VMs than the host can carry. A VM holds its slot
 * until it is closed. Set the limit no lower than the most VMs one test sees (its own, its classes',
 * the shared ones): a test waits for its next VM while holding the others. A wait longer than
 * {@value #SLOT_TIMEOUT} seconds (default 600) fails, naming the limit, instead of hanging forever.
 */
final class VmSlots {
    static final String MAX_VMS = "ignite.junit.maxVms";
    static final String SLOT_TIMEOUT = "ignite.junit.vmSlotTimeoutSeconds";

    private final int max;
    private final Duration timeout;
    private final Semaphore slots;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger waits = new AtomicInteger();

    VmSlots(int max, Duration timeout) {
        if (max < 1) {
            throw new IllegalArgumentException("configuration parameter " + MAX_VMS + " must be at least 1 but was: " + max);
        }
        this.max = max;
        this.timeout = timeout;
        this.slots = new Semaphore(max, true);
    }

    static VmSlots from(ExtensionContext context) {
        int max = context.getConfigurationParameter(MAX_VMS, Integer::parseInt)
                .orElse(Integer.MAX_VALUE);
        long timeout = context.getConfigurationParameter(SLOT_TIMEOUT, Long::parseLong).orElse(600L);
        return new VmSlots(max, Duration.ofSeconds(timeout));
    }

    /** Takes a slot for {@code element}, waiting while all are taken; give it back with {@link #release()}. */
    void acquire(String element) {
        try {
            if (!slots.tryAcquire()) {
                waits.incrementAndGet();
                if (!slots.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("@MicroVM " + element + " waited " + timeout.toSeconds()
                            + " s for a free VM slot: all " + max + " (" + MAX_VMS + ") stayed in use. Raise "
                            + MAX_VMS + ", or check for tests that hold VMs while waiting for more");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a VM slot for " + element, e);
        }
        peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
    }

    void release() {
        inUse.decrementAndGet();
        slots.release();
    }

    int max() {
        return max;
    }

    /** The most VMs held at once so far. */
    int peak() {
        return peak.get();
    }

    /** How many acquisitions had to wait for a slot. */
    int waits() {
        return waits.get();
    }
}
