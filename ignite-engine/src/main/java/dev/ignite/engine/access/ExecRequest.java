package dev.ignite.engine.access;

import dev.ignite.engine.host.ShellQuoting;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to run in a guest and how: command, environment, working directory, standard input,
 * timeout, and where to stream output lines while the command runs. Immutable; make one with
 * {@link #builder(String)}.
 * <pre>{@code
 * ExecRequest.builder("make test")
 *     .addEnv("CI", "true")
 *     .setWorkingDirectory("/src")
 *     .setTimeout(Duration.ofMinutes(2))
 *     .setStdoutSink(line -> log.info(line))
 *     .build();
 * }</pre>
 */
public final class ExecRequest {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final Consumer<String> IGNORE = line -> { };

    private final String command;
    private final Map<String, String> env;
    private final Duration timeout;
    private final String workingDirectory;
    private final String stdin;
    private final Consumer<String> stdoutSink;
    private final Consumer<String> stderrSink;

    private ExecRequest(Builder b) {
        this.command = b.command;
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.timeout = b.timeout;
        this.workingDirectory = b.workingDirectory;
        this.stdin = b.stdin;
        this.stdoutSink = b.stdoutSink;
        this.stderrSink = b.stderrSink;
    }

    public static Builder builder(String command) {
        return new Builder(command);
    }

    /** The command alone, with the default timeout, no environment and no input. */
    public static ExecRequest of(String command) {
        return builder(command).build();
    }

    public String command() {
        return command;
    }

    public Map<String, String> env() {
        return env;
    }

    public Duration timeout() {
        return timeout;
    }

    public Optional<String> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    public Optional<String> stdin() {
        return Optional.ofNullable(stdin);
    }

    public Consumer<String> stdoutSink() {
        return stdoutSink;
    }

    public Consumer<String> stderrSink() {
        return stderrSink;
    }

    /**
     * This request with {@code defaults} under its own environment (its own values win): how a VM's
     * spec environment reaches every command, as {@code docker run -e} does.
     */
    public ExecRequest withEnvDefaults(Map<String, String> defaults) {
        if (defaults.isEmpty()) {
            return this;
        }
        Builder b = builder(command).setTimeout(timeout).setStdoutSink(stdoutSink).setStderrSink(stderrSink);
        b.workingDirectory = workingDirectory;
        b.stdin = stdin;
        defaults.forEach(b::addEnv);
        env.forEach(b::addEnv);
        return b.build();
    }

    /** The line the guest's shell runs: exports, then the working directory, then the command. */
    public String shellLine() {
        String cd = workingDirectory == null ? "" : "cd " + ShellQuoting.quote(workingDirectory) + " || exit 1; ";
        return ShellQuoting.exports(env) + cd + command;
    }

    @Override
    public String toString() {
        return "`" + command + "`";
    }

    public static final class Builder {
        private final String command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private String workingDirectory;
        private String stdin;
        private Consumer<String> stdoutSink = IGNORE;
        private Consumer<String> stderrSink = IGNORE;

        private Builder(String command) {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("an exec command must not be empty but was: "
                        + (command == null ? "null" : "\"" + command + "\""));
            }
            this.command = command;
        }

        /** Replaces the environment; values may hold any character but NUL. */
        public Builder setEnv(Map<String, String> variables) {
            env.clear();
            variables.forEach(this::addEnv);
            return this;
        }

        public Builder addEnv(String name, String value) {
            ShellQuoting.requireVariableName(name);
            Objects.requireNonNull(value, () -> "environment variable " + name + " has no value (null)");
            ShellQuoting.quote(value);
            env.put(name, value);
            return this;
        }

        /** On expiry the channel is closed and the exec fails with {@link ExecTimeoutException}. */
        public Builder setTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("exec timeout must be positive but was: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** An absolute guest path; the command fails with exit code 1 when it does not exist. */
        public Builder setWorkingDirectory(String directory) {
            if (directory == null || !directory.startsWith("/")) {
                throw new IllegalArgumentException("working directory must be an absolute guest path but was: "
                        + directory);
            }
            ShellQuoting.quote(directory);
            this.workingDirectory = directory;
            return this;
        }

        /** Text written to the command's standard input (UTF-8), then end of input. */
        public Builder setStdin(String text) {
            this.stdin = Objects.requireNonNull(text, "stdin text");
            return this;
        }

        /** Called with each stdout line (without its line break) as it arrives, on a reader thread. */
        public Builder setStdoutSink(Consumer<String> sink) {
            this.stdoutSink = Objects.requireNonNull(sink, "stdout sink");
            return this;
        }

        /** Called with each stderr line (without its line break) as it arrives, on a reader thread. */
        public Builder setStderrSink(Consumer<String> sink) {
            this.stderrSink = Objects.requireNonNull(sink, "stderr sink");
            return this;
        }

        public ExecRequest build() {
            return new ExecRequest(this);
        }
    }
}
