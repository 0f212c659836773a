package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.net.NetworkAttachment;
import dev.ignite.engine.net.Networks;
import dev.ignite.engine.net.SharedNic;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The network hooks of a VM's life (create, start, running, remove), kept out of {@link Vm} and
 * {@link Vms} so that their process lifecycle code stays about processes.
 */
final class VmNetworking {
    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Networks networks;
    private final SshKeys keys;
    private final Function<String, Optional<VmRecord>> records;

    VmNetworking(Networks networks, SshKeys keys, Function<String, Optional<VmRecord>> records) {
        this.networks = networks;
        this.keys = keys;
        this.records = records;
    }

    NetworkAttachment attach(String vmId, String hostname, VmSpec spec) {
        return networks.attach(vmId, hostname, spec.aliases(), spec.networkRef());
    }

    /** The VM's own address on its shared network, which a clone takes over from its template's. */
    Optional<String> sharedAddress(VmRecord vm) {
        return networks.sharedAddress(vm.id(), vm.spec().networkRef());
    }

    List<SharedNic> prepareStart(VmRecord vm) {
        return networks.prepareStart(vm.id(), vm.spec().networkRef());
    }

    /** Makes the running VM and the other members of its network know each other by name. */
    void announce(Vm vm) {
        networks.announce(vm.id(), vm.spec().networkRef(), (vmId, command) -> vmId.equals(vm.id())
                ? check(vm.exec(command, COMMAND_TIMEOUT))
                : runInOther(vmId, command));
    }

    void detach(VmRecord vm) {
        detach(vm.id(), vm.spec());
    }

    void detach(String vmId, VmSpec spec) {
        networks.detach(vmId, spec.networkRef());
    }

    /** A VM of any JVM sharing the store: reached through its recorded SSH port with the store's key. */
    private boolean runInOther(String vmId, String command) {
        Optional<VmRecord> record = records.apply(vmId).filter(r -> r.state() == VmState.RUNNING
                && ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false));
        if (record.isEmpty()) {
            return false;
        }
        try (SshConnection ssh = SshConnection.open("127.0.0.1", record.get().sshPort(), keys.keyPair(),
                HostKey.publicLine(record.get().folder()), SSH_TIMEOUT)) {
            return check(ssh.exec(command, COMMAND_TIMEOUT));
        } catch (IOException e) {
            return false; // still booting: it reads the member list itself once it answers
        }
    }

    private static boolean check(ExecResult result) {
        if (!result.succeeded()) {
            throw new IgniteException("updating /etc/hosts failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return true;
    }
}
