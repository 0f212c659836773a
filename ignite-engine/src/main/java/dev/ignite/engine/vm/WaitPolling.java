package dev.ignite.engine.vm;

import dev.ignite.engine.host.Sleep;

import java.time.Duration;

/** The one polling loop behind every {@link WaitStrategy}: check, sleep, until ready, failed or out of time. */
final class WaitPolling {
    private static final Duration INTERVAL = Duration.ofMillis(250);

    private WaitPolling() {
    }

    static void until(Vm vm, WaitStrategy wait) {
        Duration timeout = wait.startupTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "no check finished";
        while (true) {
            WaitObservation observation = observe(vm, wait);
            // A check cut off because the wait ran out is not what the VM said: keep the last answer.
            if (observation.state() != WaitObservation.State.NOT_YET || System.nanoTime() < deadline) {
                seen = observation.seen();
            }
            switch (observation.state()) {
                case READY -> {
                    return;
                }
                case FAILED -> throw new VmWaitException("VM " + vm.name() + ": " + wait.description()
                        + " will not be reached: " + seen);
                default -> {
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new VmWaitException("VM " + vm.name() + ": " + wait.description() + " not reached within "
                        + timeout.toSeconds() + " s; last check: " + seen);
            }
            Sleep.sleep(INTERVAL, wait.description() + " in VM " + vm.name());
        }
    }

    private static WaitObservation observe(Vm vm, WaitStrategy wait) {
        VmState state = vm.state();
        if (state != VmState.RUNNING) {
            return WaitObservation.failed("the VM is " + state.name().toLowerCase()
                    + (vm.stateReason() == null ? "" : " (" + vm.stateReason() + ")"));
        }
        try {
            return wait.check(vm);
        } catch (RuntimeException e) {
            return WaitObservation.notYet(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
