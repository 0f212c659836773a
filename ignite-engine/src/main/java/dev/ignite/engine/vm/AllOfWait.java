package dev.ignite.engine.vm;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Ready when every one of its waits is ready at the same check, within its own startup timeout. */
record AllOfWait(List<WaitStrategy> waits, Duration startupTimeout) implements WaitStrategy {
    AllOfWait {
        waits = List.copyOf(waits);
    }

    @Override
    public String description() {
        return waits.stream().map(WaitStrategy::description).collect(Collectors.joining(" and "));
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration timeout) {
        return new AllOfWait(waits, Wait.positive(timeout));
    }

    @Override
    public WaitObservation check(Vm vm) {
        for (WaitStrategy wait : waits) {
            WaitObservation observation = wait.check(vm);
            if (observation.state() != WaitObservation.State.READY) {
                return new WaitObservation(observation.state(), wait.description() + ": " + observation.seen());
            }
        }
        return WaitObservation.ready("all ready");
    }
}
