package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmState;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's {@code ssh} client into a VM, as root with the store's key: a real terminal for
 * interactive shells, which the engine's SSH library does not give. Host keys are not checked or
 * remembered: every VM makes new ones, and the port is on 127.0.0.1.
 */
final class SystemSsh {
    private SystemSsh() {
    }

    /** Runs {@code ssh} into {@code vm} and returns its exit code (the remote command's, or 255 for ssh's own errors). */
    static int run(Ignite ignite, Vm vm, boolean tty, List<String> remoteCommand, PrintWriter out, PrintWriter err) {
        return run(ignite, vm, null, tty, remoteCommand, out, err);
    }

    /** {@code identity}: the user's private key (Ignite's {@code ssh -i}), or null for the store's key. */
    static int run(Ignite ignite, Vm vm, Path identity, boolean tty, List<String> remoteCommand, PrintWriter out,
                   PrintWriter err) {
        if (vm.state() != VmState.RUNNING) {
            throw new IgniteException("VM " + vm.name() + " is not running (state " + vm.state().display()
                    + "): start it with `ignite start " + vm.name() + "`");
        }
        Path ssh = HostTools.find("ssh").orElseThrow(() -> new IgniteException(
                "the ssh client was not found: install it with `sudo apt-get install openssh-client`"));
        Path key = identity != null ? identity
                : OpenSshKey.ensure(ignite.home(), SshKeys.loadOrCreate(ignite.home()).keyPair().getPrivate());
        List<String> command = command(ssh, key, vm.record().sshPort(), tty, remoteCommand);
        // An interactive session needs the real terminal; a command's output goes where the CLI's output goes.
        boolean interactive = tty || remoteCommand.isEmpty();
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (interactive) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            Process process = builder.start();
            if (!interactive) {
                Thread stderr = copy(process.getErrorStream(), err);
                process.getInputStream().transferTo(new WriterStream(out));
                stderr.join();
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new IgniteException("cannot run " + ssh + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while ssh ran", e);
        }
    }

    static List<String> command(Path ssh, Path key, int port, boolean tty, List<String> remoteCommand) {
        List<String> command = new ArrayList<>(List.of(ssh.toString(), "-i", key.toString(), "-p", String.valueOf(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"));
        if (tty) {
            command.add("-t");
        }
        command.add("root@127.0.0.1");
        command.addAll(remoteCommand);
        return command;
    }

    private static Thread copy(InputStream in, PrintWriter to) {
        Thread thread = new Thread(() -> {
            try {
                in.transferTo(new WriterStream(to));
            } catch (IOException ignored) {
                // ssh ended: nothing more to copy
            }
        }, "ignite-ssh-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
