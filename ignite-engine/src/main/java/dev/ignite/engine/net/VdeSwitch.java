package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.host.PrivateUmask;
import dev.ignite.engine.store.PrivateFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code vde_switch} of one vde network: a daemon (not a child of this JVM, since VMs of other
 * JVMs share it) with its control directory and pid file in the network's folder. It lives until the
 * network's last VM is removed.
 */
final class VdeSwitch {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    /** The kernel's limit for a unix socket path, less the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final Path folder;

    VdeSwitch(Path networkFolder) {
        this.folder = networkFolder;
    }

    /** The directory QEMU's {@code -netdev vde,sock=} points at. */
    Path controlDir() {
        return folder.resolve("switch");
    }

    private Path pidFile() {
        return folder.resolve("switch.pid");
    }

    Optional<ProcessHandle> process() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("vde_switch")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts the switch unless it runs (it may have died with the host or been killed). */
    void ensureRunning() {
        if (process().isPresent() && Files.exists(controlDir().resolve("ctl"))) {
            return;
        }
        Path ctl = controlDir().resolve("ctl");
        if (ctl.toString().length() > MAX_SOCKET_PATH) {
            throw new IgniteException("vde socket path " + ctl + " is longer than the " + MAX_SOCKET_PATH
                    + " characters unix sockets allow: set IGNITE_HOME to a shorter folder");
        }
        Path vdeSwitch = HostTools.require(HostTool.VDE_SWITCH);
        Path log = folder.resolve("switch.log");
        PrivateFiles.createIfMissing(log);
        ProcessBuilder builder = new ProcessBuilder(PrivateUmask.wrap(List.of(vdeSwitch.toString(), "--daemon", "--sock",
                controlDir().toString(), "--pidfile", pidFile().toString(), "--dirmode", "0700", "--mode", "0600")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Files.deleteIfExists(pidFile());
            Process launcher = builder.start();
            if (!launcher.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || launcher.exitValue() != 0) {
                launcher.destroyForcibly();
                throw new IgniteException("vde_switch did not start for " + folder + ": " + lastLine(log));
            }
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (process().isEmpty() || !Files.exists(ctl)) {
                if (Instant.now().isAfter(deadline)) {
                    stop();
                    throw new IgniteException("vde_switch started but made no control socket " + ctl + ": "
                            + lastLine(log));
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new IgniteException("cannot start vde_switch: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while starting vde_switch", e);
        }
    }

    /** Ends the switch (it removes its own sockets on SIGTERM); waits for it to be gone. */
    void stop() {
        process().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
