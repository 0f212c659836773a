package dev.ignite.engine.vm;

import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.host.ShellQuoting;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a clone changes when it wakes up as its template: its hostname (kernel, /etc/hostname, the
 * 127.0.1.1 line of /etc/hosts), fresh randomness from the host, the host's time, as Firecracker's
 * docs advise for clones, a machine-id of its own (where the image has one), its environment block
 * in /etc/environment and extra authorized SSH keys (templates have neither) and its own SSH host key. One shell line of builtins but
 * {@code date} and {@code tr}: every process costs a freshly restored TCG guest tens of
 * milliseconds. Copied files travel apart (SFTP).
 */
record CloneIdentity(String hostname, byte[] seed, Instant now, Map<String, String> env, List<String> authorizedKeys,
                     HostKey hostKey) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The block our init writes into /etc/environment from a config drive, written the same way here. */
    private static final String ENV_BEGIN = "# ignite-begin (written at boot from the VM's config drive)";
    private static final String ENV_END = "# ignite-end";

    static CloneIdentity fresh(VmSpec spec, String vmName, HostKey hostKey) {
        byte[] seed = new byte[64];
        RANDOM.nextBytes(seed);
        // date -s takes whole seconds: the nearest one keeps the clock within half a second of the host's.
        Instant now = Instant.ofEpochSecond(Math.round(System.currentTimeMillis() / 1000.0));
        return new CloneIdentity(VmNames.hostname(vmName), seed, now, Map.copyOf(spec.env()), spec.authorizedKeys(), hostKey);
    }

    /** 32 hex digits, as systemd's machine-id(5) asks; from the clone's own random bytes. */
    String machineId() {
        return HexFormat.of().formatHex(Arrays.copyOfRange(seed, 48, 64));
    }

    /**
     * The shell line that applies it (POSIX sh; the hostname is one of VmNames' safe names). The host
     * key comes last: its step ends the shell early when the image runs no dropbear.
     */
    String shellLine() {
        return "echo " + hostname + " >/proc/sys/kernel/hostname"
                + " && echo " + hostname + " >/etc/hostname"
                + " && echo " + HexFormat.of().formatHex(seed) + " >/dev/urandom"
                + " && date -u -s @" + now.getEpochSecond() + " >/dev/null"
                + " && { [ ! -s /etc/machine-id ] || echo " + machineId() + " >/etc/machine-id; }"
                + " && { [ ! -f /etc/hosts ] || { hosts=; while IFS= read -r line || [ -n \"$line\" ]; do"
                + " case $line in 127.0.1.1[[:space:]]*) line='127.0.1.1 " + hostname + "' ;; esac;"
                + " hosts=\"$hosts$line\n\"; done </etc/hosts; printf %s \"$hosts\" >/etc/hosts; }; }"
                + environmentLine()
                + (authorizedKeys.isEmpty() ? "" : " && printf '%s\\n' " + authorizedKeys.stream().map(ShellQuoting::quote)
                        .collect(Collectors.joining(" ")) + " >>/root/.ssh/authorized_keys")
                + " && " + hostKeyLine();
    }

    /**
     * The variables in /etc/environment, as our init writes them at boot; under systemd also in the
     * manager's environment, which its services get (at boot a DefaultEnvironment drop-in does that,
     * but the template's manager read its configuration long before).
     */
    private String environmentLine() {
        if (env.isEmpty()) {
            return "";
        }
        String assignments = env.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ShellQuoting.quote(ShellQuoting.requireVariableName(e.getKey()) + "=" + e.getValue()))
                .collect(Collectors.joining(" "));
        return " && printf '%s\\n' " + ShellQuoting.quote(ENV_BEGIN) + " " + assignments + " "
                + ShellQuoting.quote(ENV_END) + " >>/etc/environment"
                + " && { [ ! -S /run/systemd/private ] || systemctl set-environment " + assignments + "; }";
    }

    /**
     * Installs the clone's host key where our init put the template's (/etc/dropbear, /etc/ssh) with
     * the shell's own printf. OpenSSH's sshd reads its keys anew for every connection; dropbear loads
     * them once, so its listener is ended (sessions open now keep running) and started again with the
     * same arguments in the background: in between, new connections are refused, never answered with
     * the template's key, and the engine's connections wait for the new listener
     * ({@link dev.ignite.engine.access.SshConnection#openPatiently}). Measured on a loaded 2-core host
     * under TCG: restarting dropbear synchronously added 1.1-1.4 s to a restore.
     */
    private String hostKeyLine() {
        return "(umask 077; if [ -d /etc/dropbear ]; then printf '" + octal(hostKey.dropbear()) + "' >/etc/dropbear/"
                + HostKey.DROPBEAR_FILE + " || exit 1; fi"
                + "; if [ -d /etc/ssh ]; then printf %s '" + hostKey.openSsh() + "' >/etc/ssh/" + HostKey.OPENSSH_FILE
                + " && echo '" + hostKey.publicLine() + "' >/etc/ssh/" + HostKey.PUBLIC_FILE + " || exit 1; fi)"
                + " && { read -r pid </var/run/dropbear.pid 2>/dev/null && [ -d /proc/$pid ] || exit 0; }"
                + " && listening() { while IFS= read -r l; do case $l in *':0016 00000000:0000 0A'*) return 0;; esac;"
                + " done </proc/net/tcp; return 1; }"
                + " && set -- $(tr '\\0' ' ' </proc/$pid/cmdline) && kill $pid"
                + " && n=0 && while listening && [ $n -lt 300 ]; do n=$((n+1)); sleep 0.01; done"
                + " && (\"$@\" </dev/null >/dev/null 2>&1 &)";
    }

    /** Bytes as printf's octal escapes: a binary file written by the shell alone. */
    private static String octal(byte[] bytes) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : bytes) {
            escaped.append(String.format("\\%03o", b & 0xff));
        }
        return escaped.toString();
    }
}
