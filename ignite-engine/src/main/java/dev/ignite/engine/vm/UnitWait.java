package dev.ignite.engine.vm;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.host.ShellQuoting;

import java.time.Duration;

/** Ready when systemd says the unit is active; a unit that failed ends the wait at once with its status. */
record UnitWait(String unit, Duration startupTimeout) implements WaitStrategy {
    @Override
    public String description() {
        return "systemd unit " + unit + " active";
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration timeout) {
        return new UnitWait(unit, Wait.positive(timeout));
    }

    @Override
    public WaitObservation check(Vm vm) {
        String quoted = ShellQuoting.quote(unit);
        // is-active prints one word (active, activating, failed, inactive…); on failure, the status says why.
        ExecResult result = vm.exec(ExecRequest.builder("state=$(systemctl is-active " + quoted + "); echo \"$state\";"
                + " [ \"$state\" != failed ] || systemctl status --no-pager -n 5 " + quoted + " 2>&1 | tail -n 8")
                .setTimeout(CommandWait.CHECK_TIMEOUT).build());
        String state = result.stdout().lines().findFirst().orElse("").strip();
        return switch (state) {
            case "active" -> WaitObservation.ready("active");
            case "failed" -> WaitObservation.failed("the unit failed:\n" + result.stdout().strip());
            default -> WaitObservation.notYet("systemctl is-active said " + (state.isEmpty() ? result : state));
        };
    }
}
