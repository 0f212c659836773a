package dev.ignite.junit;

import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmWaitException;
import dev.ignite.engine.vm.Wait;
import dev.ignite.engine.vm.WaitStrategy;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Waits in a test body for common guest conditions: the engine's {@link Wait} strategies, run now.
 * Each check is a short command in the guest (or a read of the console log); a timeout throws
 * {@link VmWaitTimeoutException} naming the VM, the condition and what the last check saw. To have
 * the VM reach the test only when ready, declare the wait instead ({@code @MicroVM(waitForPorts)},
 * {@code VmSpec.Builder#addWaitStrategy}).
 * <pre>{@code
 * VmWaits.portOpen(vm, 80);
 * VmWaits.unitActive(vm, "ssh", Duration.ofMinutes(2));
 * }</pre>
 */
public final class VmWaits {
    public static final Duration DEFAULT_TIMEOUT = WaitStrategy.DEFAULT_STARTUP_TIMEOUT;

    private VmWaits() {
    }

    /** Until something in the guest listens on TCP {@code port} (any address, IPv4 or IPv6). */
    public static void portOpen(Vm vm, int port) {
        portOpen(vm, port, DEFAULT_TIMEOUT);
    }

    public static void portOpen(Vm vm, int port, Duration timeout) {
        await(vm, Wait.forListeningPort(port), timeout);
    }

    /** Until nothing in the guest listens on TCP {@code port}. */
    public static void portClosed(Vm vm, int port) {
        portClosed(vm, port, DEFAULT_TIMEOUT);
    }

    public static void portClosed(Vm vm, int port, Duration timeout) {
        await(vm, Wait.forClosedPort(port), timeout);
    }

    /** Until systemd reports {@code unit} active (images with systemd only); a failed unit fails at once. */
    public static void unitActive(Vm vm, String unit) {
        unitActive(vm, unit, DEFAULT_TIMEOUT);
    }

    public static void unitActive(Vm vm, String unit, Duration timeout) {
        await(vm, Wait.forUnit(unit), timeout);
    }

    public static void fileExists(Vm vm, String path) {
        fileExists(vm, path, DEFAULT_TIMEOUT);
    }

    public static void fileExists(Vm vm, String path, Duration timeout) {
        await(vm, Wait.forFile(path), timeout);
    }

    /** Until a line of the serial console log (since boot) contains {@code text}. */
    public static void consoleText(Vm vm, String text) {
        consoleText(vm, text, DEFAULT_TIMEOUT);
    }

    public static void consoleText(Vm vm, String text, Duration timeout) {
        await(vm, Wait.forLogMessage(Pattern.quote(text), 1), timeout);
    }

    /** Until the shell command exits 0. */
    public static void commandSucceeds(Vm vm, String command) {
        commandSucceeds(vm, command, DEFAULT_TIMEOUT);
    }

    public static void commandSucceeds(Vm vm, String command, Duration timeout) {
        await(vm, Wait.forSuccessfulCommand(command), timeout);
    }

    /** Until the shell command exits non-zero (NixOS' {@code wait_until_fails}). */
    public static void commandFails(Vm vm, String command) {
        commandFails(vm, command, DEFAULT_TIMEOUT);
    }

    public static void commandFails(Vm vm, String command, Duration timeout) {
        await(vm, Wait.forFailingCommand(command), timeout);
    }

    /** Runs any wait strategy now, e.g. {@code Wait.forHttp(80, "/health")}. */
    public static void until(Vm vm, WaitStrategy wait) {
        try {
            wait.waitUntilReady(vm);
        } catch (VmWaitException e) {
            throw new VmWaitTimeoutException(e.getMessage(), e);
        }
    }

    private static void await(Vm vm, WaitStrategy wait, Duration timeout) {
        until(vm, wait.withStartupTimeout(timeout));
    }
}
