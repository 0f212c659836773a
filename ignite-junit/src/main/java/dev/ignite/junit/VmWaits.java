package dev.ignite.junit;

import dev.ignite.engine.host.ShellQuoting;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Waits for common guest conditions, polled with Awaitility. Each check is a short command run over
 * SSH (or a read of the console log); a timeout throws {@link VmWaitTimeoutException} naming the VM,
 * the condition and what the last check saw.
 * <pre>{@code
 * VmWaits.portOpen(vm, 80);
 * VmWaits.unitActive(vm, "ssh", Duration.ofMinutes(2));
 * }</pre>
 */
public final class VmWaits {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private VmWaits() {
    }

    /** Until something in the guest listens on TCP {@code port} (any address, IPv4 or IPv6). */
    public static void portOpen(Vm vm, int port) {
        portOpen(vm, port, DEFAULT_TIMEOUT);
    }

    public static void portOpen(Vm vm, int port, Duration timeout) {
        // /proc/net/tcp lists ports in hex; state 0A is LISTEN. Needs no tool beyond awk.
        String hex = String.format("%04X", port);
        commandSucceeds(vm, "TCP port " + port + " open", "awk '$4 == \"0A\" && $2 ~ /:" + hex
                + "$/ { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null", timeout);
    }

    /** Until systemd reports {@code unit} active (images with systemd only). */
    public static void unitActive(Vm vm, String unit) {
        unitActive(vm, unit, DEFAULT_TIMEOUT);
    }

    public static void unitActive(Vm vm, String unit, Duration timeout) {
        commandSucceeds(vm, "systemd unit " + unit + " active", "systemctl is-active " + ShellQuoting.quote(unit), timeout);
    }

    public static void fileExists(Vm vm, String path) {
        fileExists(vm, path, DEFAULT_TIMEOUT);
    }

    public static void fileExists(Vm vm, String path, Duration timeout) {
        commandSucceeds(vm, "file " + path + " exists", "test -e " + ShellQuoting.quote(path), timeout);
    }

    /** Until {@code text} appears anywhere in the serial console log (since boot). */
    public static void consoleText(Vm vm, String text) {
        consoleText(vm, text, DEFAULT_TIMEOUT);
    }

    public static void consoleText(Vm vm, String text, Duration timeout) {
        await(vm, "console shows \"" + text + "\"", timeout, () -> vm.serialLog().text().contains(text),
                () -> "console tail:\n" + vm.serialLog().tail(10));
    }

    /** Until the shell command exits 0. */
    public static void commandSucceeds(Vm vm, String command) {
        commandSucceeds(vm, "`" + command + "` succeeds", command, DEFAULT_TIMEOUT);
    }

    public static void commandSucceeds(Vm vm, String command, Duration timeout) {
        commandSucceeds(vm, "`" + command + "` succeeds", command, timeout);
    }

    private static void commandSucceeds(Vm vm, String condition, String command, Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no check finished");
        long deadline = System.nanoTime() + timeout.toNanos();
        await(vm, condition, timeout, () -> {
            try {
                ExecResult result = vm.exec(ExecRequest.builder(command).setTimeout(CHECK_TIMEOUT).build());
                last.set(result.toString());
                return result.succeeded();
            } catch (RuntimeException e) {
                // A check cut off because the wait ran out is not what the VM said: keep the last answer.
                if (System.nanoTime() < deadline) {
                    last.set(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                return false;
            }
        }, () -> "last check: " + last.get());
    }

    private static void await(Vm vm, String condition, Duration timeout, java.util.concurrent.Callable<Boolean> check,
                              Supplier<String> lastSeen) {
        try {
            Awaitility.await("VM " + vm.name() + ": " + condition).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(POLL_INTERVAL).until(check);
        } catch (ConditionTimeoutException e) {
            throw new VmWaitTimeoutException("VM " + vm.name() + ": " + condition + " not reached within "
                    + timeout.toSeconds() + " s; " + lastSeen.get(), e);
        }
    }
}
