package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal in raw mode while a console is attached: every key (Ctrl-C too) goes to
 * the guest, and the guest echoes. Restored on close and, should the JVM be killed, by a shutdown hook.
 */
final class RawTerminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private final Thread restoreOnExit;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "ignite-restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /** Raw mode when stdin and stdout are a terminal; otherwise (pipes, tests) nothing to do. */
    static RawTerminal enterIfInteractive() {
        if (System.console() == null) {
            return null;
        }
        String saved = stty("-g").strip();
        RawTerminal terminal = new RawTerminal(saved);
        stty("raw", "-echo");
        return terminal;
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private void restore() {
        stty(saved);
    }

    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IgniteException("`stty " + String.join(" ", args) + "` failed: is /dev/tty a terminal?");
            }
            return out;
        } catch (IOException e) {
            throw new IgniteException("cannot run stty to set the terminal mode: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while setting the terminal mode", e);
        }
    }
}
