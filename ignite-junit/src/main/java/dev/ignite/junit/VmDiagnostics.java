package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;

/**
 * What a VM looked like when its test failed: state and the tail of its serial console. Attached
 * to the failure as a suppressed exception (without a stack trace: the message is the point).
 */
final class VmDiagnostics extends Exception {
    static final int CONSOLE_LINES = 40;

    private VmDiagnostics(String message) {
        super(message, null, false, false);
    }

    static VmDiagnostics of(Vm vm) {
        String state;
        try {
            state = vm.state().display() + (vm.stateReason() != null ? " (" + vm.stateReason() + ")" : "");
        } catch (RuntimeException e) {
            state = "unknown (" + e.getMessage() + ")";
        }
        return new VmDiagnostics("VM " + vm.name() + " (" + vm.id() + ", " + state + "), serial console, last "
                + CONSOLE_LINES + " lines:\n" + vm.serialLog().tail(CONSOLE_LINES));
    }
}
