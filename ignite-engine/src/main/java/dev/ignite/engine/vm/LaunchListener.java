package dev.ignite.engine.vm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * What a launch tells its caller, who decides how to show it (the CLI draws progress lines and
 * {@code --timings}, JUnit prints to stderr, a library logs).
 */
public interface LaunchListener {
    /** Logs long work at info level through SLF4J; the default. */
    LaunchListener LOGGING = new LaunchListener() {
        private static final Logger LOG = LoggerFactory.getLogger(LaunchListener.class);

        @Override
        public void progress(String message) {
            LOG.info(message);
        }
    };

    /** Progress as {@code [ignite] message} lines on stderr, where test runners show them live. */
    LaunchListener STDERR = progressTo(message -> System.err.println("[ignite] " + message));

    /** Work that may take long has begun: a recipe build, an import, a snapshot's template boot. */
    default void progress(String message) {
    }

    /** A step of the launch is done, e.g. "image and kernel ready", "VM created", "booted". */
    default void stepDone(String step) {
    }

    /** Progress messages to {@code progress}; steps ignored. */
    static LaunchListener progressTo(Consumer<String> progress) {
        return new LaunchListener() {
            @Override
            public void progress(String message) {
                progress.accept(message);
            }
        };
    }
}
