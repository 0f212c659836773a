package dev.ignite.engine.vmm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.host.Setting;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vmm.firecracker.FirecrackerVmm;
import dev.ignite.engine.vmm.qemu.QemuVmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the VM backend. Asked for explicitly by the system property {@code ignite.vmm} or else the
 * environment variable {@code IGNITE_VMM} ({@code qemu}, {@code firecracker} or {@code auto}); otherwise
 * Firecracker where its binary is on PATH and KVM is usable, QEMU everywhere else.
 */
public final class VmmSelector {
    public static final String PROPERTY = Setting.VMM.property();
    public static final String ENV = Setting.VMM.environmentVariable();
    private static final Logger LOG = LoggerFactory.getLogger(VmmSelector.class);

    enum Backend { QEMU, FIRECRACKER, AUTO }

    /** What the host offers Firecracker. */
    record Host(Optional<Path> firecracker, boolean kvmUsable) {
        static Host probe() {
            return new Host(HostTools.find("firecracker"), Accelerator.kvmUsable());
        }
    }

    /** A backend asked for, and where the request came from (for messages). */
    record Request(Backend backend, String source) {
    }

    private VmmSelector() {
    }

    public static Vmm select() {
        return select(request(System.getProperty(PROPERTY), System.getenv(ENV)), Host.probe());
    }

    static Vmm select(Request request, Host host) {
        switch (request.backend()) {
            case QEMU:
                return new QemuVmm();
            case FIRECRACKER:
                return new FirecrackerVmm(requireFirecracker(request, host));
            default:
                if (host.firecracker().isPresent() && host.kvmUsable()) {
                    LOG.debug("VM backend: Firecracker ({} found and KVM usable)", host.firecracker().get());
                    return new FirecrackerVmm(host.firecracker().get());
                }
                LOG.debug("VM backend: QEMU (Firecracker {})",
                        host.firecracker().isEmpty() ? "not on PATH" : "found, but KVM is not usable");
                return new QemuVmm();
        }
    }

    /** The system property wins over the environment, as the more local setting; blank means unset. */
    static Request request(String property, String env) {
        if (property != null && !property.isBlank()) {
            return new Request(parse(property, "system property " + PROPERTY), "system property " + PROPERTY);
        }
        if (env != null && !env.isBlank()) {
            return new Request(parse(env, ENV), ENV);
        }
        return new Request(Backend.AUTO, "default");
    }

    private static Backend parse(String value, String source) {
        try {
            return Backend.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IgniteException(source + " must be qemu, firecracker or auto but was: " + value);
        }
    }

    private static Path requireFirecracker(Request request, Host host) {
        List<String> missing = new ArrayList<>();
        if (host.firecracker().isEmpty()) {
            missing.add("no `firecracker` executable on PATH (install it from Firecracker's release binaries)");
        }
        if (!host.kvmUsable()) {
            missing.add("no usable KVM (Firecracker needs /dev/kvm readable and writable by this user "
                    + "and a CPU with vmx/svm)");
        }
        if (!missing.isEmpty()) {
            throw new IgniteException(request.source() + " asks for the Firecracker backend, but this host has "
                    + String.join(" and ", missing) + ": fix that, or use " + request.source() + "=qemu");
        }
        return host.firecracker().get();
    }
}
