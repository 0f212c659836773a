package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.ShellQuoting;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The common {@link WaitStrategy}s, as Testcontainers' {@code Wait}; each checks from inside the
 * guest (no port need be published) with a startup timeout of
 * {@link WaitStrategy#DEFAULT_STARTUP_TIMEOUT} unless {@code withStartupTimeout} says otherwise.
 * <pre>{@code
 * VmSpec.builder(image, kernel).addWaitStrategy(Wait.forListeningPort(80))
 *         .addWaitStrategy(Wait.forHttp(80, "/health").withStartupTimeout(Duration.ofMinutes(2)))
 * }</pre>
 */
public final class Wait {
    private static final Duration DEFAULT = WaitStrategy.DEFAULT_STARTUP_TIMEOUT;

    private Wait() {
    }

    /** Something in the guest listens on TCP {@code port} (any address, IPv4 or IPv6); reads /proc, any image. */
    public static WaitStrategy forListeningPort(int port) {
        return new CommandWait("TCP port " + port + " open", listening(port), true, DEFAULT);
    }

    /** Nothing in the guest listens on TCP {@code port} any more. */
    public static WaitStrategy forClosedPort(int port) {
        return new CommandWait("TCP port " + port + " closed", listening(port), false, DEFAULT);
    }

    /** A GET of {@code path} on the guest's {@code port} answers 200 (another status with {@code forStatusCode}). */
    public static HttpWait forHttp(int port, String path) {
        return new HttpWait(requirePort(port), requirePath(path), false, 200, DEFAULT);
    }

    /** Like {@link #forHttp}, over TLS; the guest's certificate is not checked. */
    public static HttpWait forHttps(int port, String path) {
        return new HttpWait(requirePort(port), requirePath(path), true, 200, DEFAULT);
    }

    /** {@code times} lines of the serial console match {@code regex} (found anywhere in the line). */
    public static WaitStrategy forLogMessage(String regex, int times) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IgniteException("log wait regex is invalid: " + e.getMessage());
        }
        if (times < 1) {
            throw new IgniteException("a log wait needs 1 or more matching lines, got " + times);
        }
        return new LogWait(regex, times, DEFAULT);
    }

    /** systemd reports the unit active; a failed unit ends the wait at once with its status. */
    public static WaitStrategy forUnit(String unit) {
        ShellQuoting.quote(unit);
        return new UnitWait(unit, DEFAULT);
    }

    /** The shell command exits 0. */
    public static WaitStrategy forSuccessfulCommand(String command) {
        return new CommandWait("`" + command + "` succeeds", command, true, DEFAULT);
    }

    /** The shell command exits non-zero. */
    public static WaitStrategy forFailingCommand(String command) {
        return new CommandWait("`" + command + "` fails", command, false, DEFAULT);
    }

    /** A file (or folder) exists at the guest path. */
    public static WaitStrategy forFile(String path) {
        return new CommandWait("file " + path + " exists", "test -e " + ShellQuoting.quote(path), true, DEFAULT);
    }

    /** All of them ready at once, within this wait's own startup timeout (theirs do not count). */
    public static WaitStrategy forAll(WaitStrategy... waits) {
        if (waits.length == 0) {
            throw new IgniteException("Wait.forAll needs at least one wait");
        }
        return new AllOfWait(List.of(waits), DEFAULT);
    }

    static Duration positive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IgniteException("a startup timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    private static String listening(int port) {
        // /proc/net/tcp lists ports in hex; state 0A is LISTEN. Needs no tool beyond awk.
        return "awk '$4 == \"0A\" && $2 ~ /:" + String.format("%04X", requirePort(port))
                + "$/ { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null";
    }

    private static int requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IgniteException("port " + port + " is not a TCP port (1-65535)");
        }
        return port;
    }

    private static String requirePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IgniteException("an HTTP wait's path must start with '/', got: " + path);
        }
        return path;
    }
}
