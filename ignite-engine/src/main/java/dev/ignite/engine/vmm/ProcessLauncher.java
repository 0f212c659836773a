package dev.ignite.engine.vmm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.host.PrivateUmask;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts VM processes with the lifetime their VM asks for. A VM owned by this JVM dies with it, even
 * on {@code kill -9}: it runs under {@code setpriv --pdeathsig KILL}, and since the kernel sends that
 * signal when the thread that forked the child ends, every launch happens on one thread that lives as
 * long as the JVM. A detached VM (started from the CLI) runs in its own session and outlives us.
 * Either runs with {@code umask 077}: its logs, sockets and memory files are private.
 */
public final class ProcessLauncher {
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ignite-vm-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    public static Process start(ProcessBuilder builder, Ownership ownership) {
        String program = builder.command().get(0);
        List<String> command = new ArrayList<>();
        if (ownership == Ownership.THIS_PROCESS) {
            command.addAll(List.of(HostTools.require(HostTool.SETPRIV).toString(), "--pdeathsig", "KILL", "--"));
        } else {
            // Not a process group leader, so setsid execs in place: the PID stays the VM's.
            command.addAll(List.of(HostTools.require(HostTool.SETSID).toString(), "--"));
        }
        command.addAll(PrivateUmask.wrap(builder.command()));
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
