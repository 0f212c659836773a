package dev.ignite.engine.daemon;

import dev.ignite.engine.IgniteException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reconciles at once, then every {@code interval} until {@link #stop()}: a stop waits for the action
 * under way (a VM half made is worse than one made a second later) and then ends the loop.
 */
public final class ReconcileLoop implements Runnable {
    private final ManifestSource source;
    private final Reconciler reconciler;
    private final Duration interval;
    private final Consumer<String> report;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ReconcileLoop(ManifestSource source, Reconciler reconciler, Duration interval, Consumer<String> report) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IgniteException("the reconcile interval must be positive, was " + interval);
        }
        this.source = source;
        this.reconciler = reconciler;
        this.interval = interval;
        this.report = report;
    }

    @Override
    public void run() {
        try {
            report.accept("reconciling VMs from " + source.describe() + " every "
                    + (interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms"));
            do {
                try {
                    reconciler.reconcile(source.sync());
                } catch (IgniteException e) {
                    report.accept("failed: " + e.getMessage());
                }
            } while (!stopping.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            report.accept("stopped reconciling; the VMs keep running");
            stopped.countDown();
        }
    }

    /** Ends the loop after the pass under way; returns whether it ended within {@code timeout}. */
    public boolean stop(Duration timeout) {
        stopping.countDown();
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
