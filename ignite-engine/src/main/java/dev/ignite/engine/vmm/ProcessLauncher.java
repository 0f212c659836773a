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
 * child ends, so every launch happens on one thread that lives as long as the JVM.
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
        List<String> command = new ArrayList<>();
        command.add(HostTools.require(HostTool.SETPRIV).toString());
        command.add("--pdeathsig");
        command.add("KILL");
        command.add("--");
        command.addAll(builder.command());
        builder.command(command);
        Future<Process> started = LAUNCHER.submit(builder::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IgniteException("cannot start " + builder.command().get(4) + ": " + cause.getMessage(),
                    cause instanceof IOException ? cause : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while starting a VM process", e);
        }
    }
}
