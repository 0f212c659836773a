package dev.ignite.engine.net;

import dev.ignite.engine.host.ShellQuoting;
import java.util.List;

/**
 * The {@code /etc/hosts} lines that let the VMs of a network find each other by name, as one marked
 * block: the config drive carries it at boot, and the engine replaces it in running VMs when the
 * network changes.
 */
public final class HostsFile {
    static final String BEGIN = "# ignite-network-begin";
    static final String END = "# ignite-network-end";

    private HostsFile() {
    }

    public static String block(String network, List<NetworkMember> members) {
        StringBuilder block = new StringBuilder(BEGIN).append(' ').append(network).append('\n');
        for (NetworkMember member : members) {
            block.append(member.address()).append(' ').append(String.join(" ", member.names())).append('\n');
        }
        return block.append(END).append('\n').toString();
    }

    /**
     * A POSIX shell command (any image's {@code sh}, no awk or sed needed) that puts {@code block} in
     * place of the block already in {@code /etc/hosts}, or appends it. It rewrites the file in place
     * rather than renaming over it, so a bind-mounted {@code /etc/hosts} keeps working.
     */
    public static String replaceCommand(String block) {
        return replaceCommand(block, "/etc/hosts");
    }

    static String replaceCommand(String block, String file) {
        return "b=" + ShellQuoting.quote(block) + "; f=" + ShellQuoting.quote(file) + "; t=\"$f.ignite.$$\"; put=; skip=; "
                + "{ [ -f \"$f\" ] && while IFS= read -r l || [ -n \"$l\" ]; do case \"$l\" in "
                + "'" + BEGIN + "'*) skip=1; [ -n \"$put\" ] || printf '%s' \"$b\"; put=1; continue;; "
                + "'" + END + "'*) skip=; continue;; esac; "
                + "[ -n \"$skip\" ] || printf '%s\\n' \"$l\"; done <\"$f\"; "
                + "[ -n \"$put\" ] || printf '%s' \"$b\"; } >\"$t\" && cat \"$t\" >\"$f\"; r=$?; rm -f \"$t\"; exit $r";
    }
}
