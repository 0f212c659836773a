package dev.ignite.engine.host;

import java.util.List;

/** A program on the host the engine runs, with the Debian package that installs it. */
public enum HostTool {
    QEMU("qemu-system-x86_64", "qemu-system-x86"),
    QEMU_IMG("qemu-img", "qemu-utils"),
    MKFS_EXT4("mkfs.ext4", "e2fsprogs"),
    DEBUGFS("debugfs", "e2fsprogs"),
    BUSYBOX("busybox", "busybox-static"),
    SETPRIV("setpriv", "util-linux"),
    SETSID("setsid", "util-linux"),
    E2FSCK("e2fsck", "e2fsprogs"),
    RESIZE2FS("resize2fs", "e2fsprogs"),
    VDE_SWITCH("vde_switch", "vde2"),
    IP("ip", "iproute2"),
    IPTABLES("iptables", "iptables"),
    IP6TABLES("ip6tables", "iptables"),
    /** {@code ignited gitops}: clone and fetch the manifests' repository. */
    GIT("git", "git");

    private final String command;
    private final String debianPackage;

    HostTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    /** Where to look besides PATH: sbin folders are often missing from an ordinary user's PATH. */
    static List<String> extraSearchPath() {
        return List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin");
    }
}
