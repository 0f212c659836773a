package dev.ignite.engine.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real terminal for the CLI's interactive commands: a private tmux server (so closing it ends only
 * what this test started) with one 150×40 session running a shell line. The pane stays after the
 * line ends and shows {@code "exited N"}, so its exit code and last output can be read.
 */
final class TmuxTerminal implements AutoCloseable {
    private static final String SESSION = "term";
    private final String server;

    private TmuxTerminal(String server) {
        this.server = server;
    }

    static TmuxTerminal start(String server, String shellLine) throws IOException, InterruptedException {
        TmuxTerminal terminal = new TmuxTerminal(server);
        terminal.tmux("new-session", "-d", "-s", SESSION, "-x", "150", "-y", "40",
                shellLine + "; echo \"exited $?\"; sleep 600");
        return terminal;
    }

    /** Types a line literally, then Enter. */
    void type(String line) throws IOException, InterruptedException {
        tmux("send-keys", "-t", SESSION, "-l", line);
        keys("Enter");
    }

    /** Sends tmux key names, e.g. {@code "Enter"} or {@code "C-p", "C-q"}. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /**
     * On a console attached to a VM of the tiny image: wakes the prompt, logs in as root (password
     * root, as in Weave Ignite) and waits for the shell prompt; the login prompt may take a boot.
     */
    void logInAsRoot(Duration boot, Duration step) throws IOException, InterruptedException {
        keys("Enter");
        await("login:", boot);
        type("root");
        await("Password:", step);
        type("root");
        await(":~# ", step);
    }

    /** The pane's text (200 lines of history, wrapped lines joined) once it shows {@code text}. */
    String await(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String pane = "";
        while (Instant.now().isBefore(deadline)) {
            pane = tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", SESSION);
            if (pane.contains(text)) {
                return pane;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tmux pane did not show '" + text + "' within " + timeout.toSeconds() + " s:\n" + pane);
    }

    /** Ends the tmux server and whatever still runs in it. */
    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException | AssertionError alreadyGone) {
            // the server ended with its session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
