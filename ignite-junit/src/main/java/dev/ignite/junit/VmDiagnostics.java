package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;

import java.util.List;

/**
 * What a VM looked like when its test failed: state, the tail of its serial console and the last
 * commands run in it. Attached
 * to the failure as a suppressed exception (without a stack trace: the message is the point).
 */
final class VmDiagnostics extends Exception {
    static final int CONSOLE_LINES = 40;

    private VmDiagnostics(String message) {
        super(message, null, false, false);
    }

    static VmDiagnostics of(Vm vm, boolean kept) {
        String state;
        try {
            state = vm.state().display() + (vm.stateReason() != null ? " (" + vm.stateReason() + ")" : "");
        } catch (RuntimeException e) {
            state = "unknown (" + e.getMessage() + ")";
        }
        List<String> commands = vm.history().entries();
        return new VmDiagnostics("VM " + vm.name() + " (" + vm.id() + ", " + state + "), serial console, last "
                + CONSOLE_LINES + " lines:\n" + vm.serialLog().tail(CONSOLE_LINES)
                + (commands.isEmpty() ? "" : "\n--- last commands (oldest first) ---\n" + String.join("\n", commands))
                + (kept ? "\n--- kept running for inspection: `ignite attach " + vm.name() + "` or `ignite ssh " + vm.name()
                + "`; remove it with `ignite rm -f " + vm.name() + "`" : ""));
    }
}
