package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmWaitException;
import dev.ignite.engine.vm.Wait;
import dev.ignite.engine.vm.VmState;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's {@code ssh} client into a VM, as root with the store's key: a real terminal for
 * interactive shells, which the engine's SSH library does not give. The VM's own host key is pinned
 * (a known_hosts file of one line in the VM's folder, under the alias {@code ignite-<id>}, as the
 * port changes with every start): ssh refuses a server presenting any other key.
 */
final class SystemSsh {
    private static final Duration SSH_SERVER_TIMEOUT = Duration.ofSeconds(60);

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
        awaitSshServer(vm);
        Path key = identity != null ? identity
                : OpenSshKey.ensure(ignite.home(), ignite.sshKeys().keyPair().getPrivate());
        List<String> command = command(ssh, key, knownHosts(vm), vm.record().sshPort(), tty, remoteCommand);
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

    /**
     * A VM is ready when its agent answers; its image's SSH server may still be starting (a clone's
     * restarts with the clone's own host key), and ssh would give up at once.
     */
    private static void awaitSshServer(Vm vm) {
        try {
            Wait.forListeningPort(22).withStartupTimeout(SSH_SERVER_TIMEOUT).waitUntilReady(vm);
        } catch (VmWaitException e) {
            throw new IgniteException("VM " + vm.name() + " has no SSH server listening on port 22 after "
                    + SSH_SERVER_TIMEOUT.toSeconds() + " s (its image may have none): use `ignite exec` or `ignite attach`", e);
        }
    }

    /** The VM's pinned host key as ssh reads it, written next to the VM's other files. */
    static KnownHost knownHosts(Vm vm) {
        Path folder = vm.record().folder();
        KnownHost known = new KnownHost(folder.resolve("known_hosts"), "ignite-" + vm.id());
        try {
            PrivateFiles.write(known.file(), (known.alias() + " " + HostKey.publicLine(folder) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IgniteException("cannot write " + known.file() + ": " + e.getMessage(), e);
        }
        return known;
    }

    /** A known_hosts file and the alias its one line is recorded under. */
    record KnownHost(Path file, String alias) {
    }

    static List<String> command(Path ssh, Path key, KnownHost known, int port, boolean tty, List<String> remoteCommand) {
        List<String> command = new ArrayList<>(List.of(ssh.toString(), "-i", key.toString(), "-p", String.valueOf(port),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known.file(),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HostKeyAlias=" + known.alias(),
                "-o", "HostKeyAlgorithms=" + HostKey.ALGORITHM, "-o", "LogLevel=ERROR",
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
