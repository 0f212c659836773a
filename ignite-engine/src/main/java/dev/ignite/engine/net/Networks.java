package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.store.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's shared networks ({@code networks/<name>/}) and the hooks a VM's life calls: attach at
 * create (allocates its address), prepare at start (switch, bridge, TAP), announce once it runs
 * (hosts lines), detach at remove (the last VM out stops the switch and deletes the network).
 * Every change happens under the network's store lock, so several JVMs share networks safely.
 */
public final class Networks {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);
    /** The first NIC's settings, matching QEMU's user network ({@code net=10.0.2.0/24}). */
    private static final String USER_ADDRESS = "10.0.2.15/24";
    private static final String USER_GATEWAY = "10.0.2.2";
    private static final String USER_DNS = "10.0.2.3";

    private final IgniteHome home;
    private final ObjectStore<NetworkRecord> objects;

    public Networks(IgniteHome home) {
        this.home = home;
        this.objects = new ObjectStore<>(home, home.networks(), "network", "network.json", NetworkRecord.class,
                NetworkNotFoundException::new);
    }

    /** Joins a new VM to its network, allocating its address; fails before changing anything if the host cannot. */
    public NetworkAttachment attach(String vmId, String hostname, List<String> aliases, NetworkRef ref) {
        GuestInterface primary = new GuestInterface(MacAddress.of(vmId, 0), USER_ADDRESS, USER_GATEWAY, USER_DNS);
        if (ref.mode() == NetworkMode.USER) {
            return new NetworkAttachment(List.of(primary), HostAlias.hostsLine());
        }
        requireHostSupport(ref.mode());
        try (StoreLock ignored = objects.lock(ref.name())) {
            NetworkRecord network = prune(find(ref.name()).orElseGet(() -> create(ref)));
            if (network.mode() != ref.mode()) {
                throw new IgniteException("network '" + ref.name() + "' is a " + network.mode() + " network, not "
                        + ref.mode());
            }
            NetworkMember member = new NetworkMember(vmId, hostname, AddressPool.nextAddress(network.subnet(),
                    network.members()), ref.mode() == NetworkMode.BRIDGE ? LinuxBridge.tapName(vmId) : null, aliases);
            requireFreeNames(ref.name(), network.members(), member);
            network = network.plus(member);
            objects.write(network);
            GuestInterface shared = new GuestInterface(MacAddress.of(vmId, 1), member.address() + "/24", null, null);
            return new NetworkAttachment(List.of(primary, shared),
                    HostAlias.hostsLine() + HostsFile.block(ref.name(), network.members()));
        }
    }

    /** The VM's address with its prefix on its shared network ({@code 10.x.y.z/24}), if it has one. */
    public Optional<String> sharedAddress(String vmId, NetworkRef ref) {
        if (ref.mode() == NetworkMode.USER) {
            return Optional.empty();
        }
        return find(ref.name()).flatMap(n -> n.members().stream().filter(m -> m.vmId().equals(vmId)).findFirst())
                .map(m -> m.address() + "/24");
    }

    /** Peers find each other by name: one name (host name or alias) must mean one VM on a network. */
    private static void requireFreeNames(String network, List<NetworkMember> members, NetworkMember joining) {
        for (NetworkMember member : members) {
            for (String name : joining.names()) {
                if (member.names().contains(name)) {
                    throw new IgniteException("the name '" + name + "' is taken on network '" + network + "' by VM "
                            + member.hostname() + " (ID " + member.vmId() + "): choose another name or alias");
                }
            }
        }
    }

    /** Before the VM process starts: brings up what its NIC plugs into and says which NICs to add. */
    public List<SharedNic> prepareStart(String vmId, NetworkRef ref) {
        if (ref.mode() == NetworkMode.USER) {
            return List.of();
        }
        try (StoreLock ignored = objects.lock(ref.name())) {
            NetworkRecord network = find(ref.name()).orElseThrow(() -> new NetworkNotFoundException(ref.name()));
            NetworkMember member = network.members().stream().filter(m -> m.vmId().equals(vmId)).findFirst()
                    .orElseThrow(() -> new IgniteException("VM " + vmId + " is not on network '" + ref.name()
                            + "' any more (was the network removed?): create the VM again"));
            String mac = MacAddress.of(vmId, 1);
            if (network.mode() == NetworkMode.VDE) {
                VdeSwitch vdeSwitch = new VdeSwitch(network.folder());
                vdeSwitch.ensureRunning();
                return List.of(new SharedNic.VdePort(vdeSwitch.controlDir(), mac));
            }
            LinuxBridge.requirePermission();
            LinuxBridge.ensureBridge(network.folder());
            LinuxBridge.ensureTap(member.tap());
            return List.of(new SharedNic.Tap(member.tap(), mac));
        }
    }

    /**
     * Once the VM answers: writes the network's hosts block into it and into every other running member,
     * so VMs that joined after one was created are found by name too. One lock per target VM, and the
     * member list is read under it, so a later write never carries an older list.
     */
    public void announce(String vmId, NetworkRef ref, GuestShell shell) {
        if (ref.mode() == NetworkMode.USER) {
            return;
        }
        List<String> targets = new ArrayList<>(List.of(vmId));
        find(ref.name()).ifPresent(n -> n.members().stream().map(NetworkMember::vmId)
                .filter(id -> !id.equals(vmId)).forEach(targets::add));
        for (String target : targets) {
            try (StoreLock ignored = StoreLock.acquire(home, "network-" + ref.name() + "-hosts-" + target)) {
                Optional<NetworkRecord> network = readLocked(ref.name());
                if (network.isEmpty() || network.get().members().stream().noneMatch(m -> m.vmId().equals(target))) {
                    continue;
                }
                String block = HostsFile.block(ref.name(), network.get().members());
                if (!shell.run(target, HostsFile.replaceCommand(block))) {
                    LOG.debug("VM {} is not running: it gets the hosts of network {} when it starts", target, ref.name());
                }
            } catch (RuntimeException e) {
                if (target.equals(vmId)) {
                    throw e;
                }
                LOG.warn("cannot update /etc/hosts in VM {} on network {}: {}", target, ref.name(), e.getMessage());
            }
        }
    }

    /** When the VM is removed: frees its address and TAP; the last VM out takes the network with it. */
    public void detach(String vmId, NetworkRef ref) {
        if (ref.mode() == NetworkMode.USER) {
            return;
        }
        try (StoreLock ignored = objects.lock(ref.name())) {
            Optional<NetworkRecord> found = find(ref.name());
            if (found.isEmpty()) {
                return;
            }
            NetworkRecord network = found.get();
            network.members().stream().filter(m -> m.vmId().equals(vmId)).forEach(this::deleteTap);
            network = prune(network.without(vmId));
            if (network.members().isEmpty()) {
                destroy(network);
            } else {
                objects.write(network);
            }
        }
    }

    /** Removes a network whose VMs are all gone: stops its switch or bridge and deletes its files. */
    public void remove(String name) {
        try (StoreLock ignored = objects.lock(name)) {
            NetworkRecord network = prune(find(name).orElseThrow(() -> new NetworkNotFoundException(name)));
            if (!network.members().isEmpty()) {
                throw new IgniteException("network '" + name + "' still has VMs: " + String.join(", ",
                        network.members().stream().map(NetworkMember::hostname).toList()) + "; remove them first");
            }
            destroy(network);
        }
    }

    public Optional<NetworkRecord> find(String name) {
        Path folder = objects.folderFor(name);
        return objects.exists(folder) ? Optional.of(objects.read(folder)) : Optional.empty();
    }

    public List<NetworkRecord> list() {
        return objects.list();
    }

    /** The vde_switch process of a vde network, if it runs. */
    public Optional<ProcessHandle> switchProcess(String name) {
        return find(name).filter(n -> n.mode() == NetworkMode.VDE).flatMap(n -> new VdeSwitch(n.folder()).process());
    }

    private Optional<NetworkRecord> readLocked(String name) {
        try (StoreLock ignored = objects.lock(name)) {
            return find(name);
        }
    }

    /**
     * Fails, saying what is missing, when this host or user cannot run VMs on the network: checked
     * before a launch makes anything (a template, a disk), not only when the VM joins.
     */
    public static void requireHostSupport(NetworkMode mode) {
        if (mode == NetworkMode.VDE) {
            HostTools.require(HostTool.VDE_SWITCH);
        } else if (mode == NetworkMode.BRIDGE) {
            LinuxBridge.requirePermission();
            HostTools.require(HostTool.IP);
            HostTools.require(HostTool.IPTABLES);
        }
    }

    private NetworkRecord create(NetworkRef ref) {
        try (StoreLock ignored = StoreLock.acquire(home, "networks")) {
            Subnet subnet = ref.mode() == NetworkMode.BRIDGE ? LinuxBridge.SUBNET : AddressPool.nextVdeSubnet(list());
            Path folder = objects.folderFor(ref.name());
            PrivateFiles.createDirectories(folder);
            LOG.info("creating {} network {} ({})", ref.mode().name().toLowerCase(java.util.Locale.ROOT), ref.name(), subnet);
            NetworkRecord network = NetworkRecord.create(ref, subnet, folder);
            objects.write(network); // now, so a network created next by another JVM sees this subnet taken
            return network;
        } catch (IOException e) {
            throw new IgniteException("cannot create network " + ref.name() + ": " + e.getMessage(), e);
        }
    }

    /** Drops members whose VM folder is gone: a VM removed by a process that died before detaching it. */
    private NetworkRecord prune(NetworkRecord network) {
        List<NetworkMember> gone = network.members().stream()
                .filter(m -> !Files.isDirectory(home.vms().resolve(m.vmId()))).toList();
        gone.forEach(this::deleteTap);
        return gone.isEmpty() ? network : network.withMembers(network.members().stream()
                .filter(m -> !gone.contains(m)).toList());
    }

    private void deleteTap(NetworkMember member) {
        if (member.tap() != null && LinuxBridge.hasNetAdmin()) {
            LinuxBridge.delete(member.tap());
        }
    }

    private void destroy(NetworkRecord network) {
        if (network.mode() == NetworkMode.VDE) {
            new VdeSwitch(network.folder()).stop();
        } else if (network.mode() == NetworkMode.BRIDGE && LinuxBridge.hasNetAdmin()) {
            LinuxBridge.deleteBridge(network.folder());
        }
        try {
            FileTrees.deleteRecursively(network.folder());
        } catch (IOException e) {
            throw new IgniteException("cannot delete network " + network.name() + " in " + network.folder() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("removed network {}", network.name());
    }
}
