package dev.ignite.engine.vmm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts VM processes so that they die with this JVM, even on {@code kill -9}: each runs under
 * {@code setpriv --pdeathsig KILL}. The kernel sends that signal when the thread that forked the
 * child ends, so every launch happens on one thread that lives as long as the JVM. A detached VM is
 * started the other way: no death signal, and its own session ({@code setsid}), so neither this
 * JVM's end nor a Ctrl-C in its terminal reaches it.
 */
public final class ProcessLauncher {
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ignite-vm-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    public static Process start(ProcessBuilder builder) {
        return launch(builder, List.of(HostTools.require(HostTool.SETPRIV).toString(), "--pdeathsig", "KILL", "--"));
    }

    /**
     * Starts a process that outlives this JVM. A child of the JVM is never a process-group leader, so
     * {@code setsid} execs in place and the returned process's PID is the program's own.
     */
    public static Process startDetached(ProcessBuilder builder) {
        return launch(builder, List.of(HostTools.require(HostTool.SETSID).toString()));
    }

    private static Process launch(ProcessBuilder builder, List<String> wrapper) {
        String program = builder.command().get(0);
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(builder.command());
        builder.command(command);
        Future<Process> started = LAUNCHER.submit(builder::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IgniteException("cannot start " + program + ": " + cause.getMessage(),
                    cause instanceof IOException ? cause : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while starting a VM process", e);
        }
    }
}
