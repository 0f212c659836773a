package dev.ignite.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StoreLockTest {
    @TempDir
    Path root;

    /** Cleanup runs on interrupted threads too (a warm pool closed mid-restore removes the VM it was making). */
    @Test
    void anInterruptedThreadStillTakesTheLockAndKeepsItsInterrupt() {
        IgniteHome home = IgniteHome.at(root);
        Thread.currentThread().interrupt();
        try (StoreLock ignored = StoreLock.acquire(home, "vm-0123")) {
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
    }
}
