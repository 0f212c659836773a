package dev.ignite.engine.host;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived host program to completion, capturing its output; never leaves it running. */
public final class HostCommand {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** How long a timed-out program and its children get to clean up after SIGTERM. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private HostCommand() {
    }

    /** Runs the tool (with {@code umask 077}: files it makes are private) and fails with its stderr when it exits non-zero. */
    public static CommandResult check(HostTool tool, String... args) {
        return check(tool, null, args);
    }

    public static CommandResult check(HostTool tool, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(HostTools.require(tool).toString());
        command.addAll(List.of(args));
        CommandResult result = run(PrivateUmask.wrap(command), workDir, DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new IgniteException(String.format("%s failed (exit %d): %s", tool.command(), result.exitCode(),
                    firstNonBlank(result.stderr(), result.stdout()).strip()));
        }
        return result;
    }

    public static CommandResult run(List<String> command, Path workDir, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IgniteException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = StreamText.readAsync(process.getInputStream(), "ignite-output-reader");
        CompletableFuture<String> stderr = StreamText.readAsync(process.getErrorStream(), "ignite-output-reader");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.end(process, STOP_GRACE);
                throw new IgniteException(command.get(0) + " did not finish within " + describe(timeout)
                        + " and was ended with the processes it started");
            }
            return new CommandResult(List.copyOf(command), process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            endQuietly(process);
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while running " + command.get(0), e);
        }
    }


    private static void endQuietly(Process process) {
        try {
            ProcessTree.end(process, Duration.ZERO);
        } catch (InterruptedException again) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toSecondsPart() == 0 && timeout.toMinutes() > 0 ? timeout.toMinutes() + " min"
                : timeout.toSeconds() + " s";
    }

    private static String firstNonBlank(String a, String b) {
        return a.isBlank() ? b : a;
    }
}
