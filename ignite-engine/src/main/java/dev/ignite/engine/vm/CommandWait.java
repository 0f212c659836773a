package dev.ignite.engine.vm;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;

import java.time.Duration;

/** Ready when a guest command exits 0 (or, with {@code succeed} false, when it does not): ports, files, commands. */
record CommandWait(String description, String command, boolean succeed, Duration startupTimeout)
        implements WaitStrategy {
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public WaitStrategy withStartupTimeout(Duration timeout) {
        return new CommandWait(description, command, succeed, Wait.positive(timeout));
    }

    @Override
    public WaitObservation check(Vm vm) {
        ExecResult result = vm.exec(ExecRequest.builder(command).setTimeout(CHECK_TIMEOUT).build());
        return result.succeeded() == succeed ? WaitObservation.ready(result.toString())
                : WaitObservation.notYet(result.toString());
    }
}
