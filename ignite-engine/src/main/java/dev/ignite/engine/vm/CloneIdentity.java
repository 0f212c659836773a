package dev.ignite.engine.vm;

import dev.ignite.engine.access.HostKey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a clone changes when it wakes up as its template: its hostname (kernel, /etc/hostname, the
 * 127.0.1.1 line of /etc/hosts), fresh randomness from the host, the host's time, as Firecracker's
 * docs advise for clones, and its own SSH host key. One shell line of builtins but {@code date} and
 * the key's few: every process costs a freshly restored TCG guest tens of milliseconds.
 */
record CloneIdentity(String hostname, byte[] seed, Instant now, HostKey hostKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static CloneIdentity fresh(String vmName, HostKey hostKey) {
        byte[] seed = new byte[64];
        RANDOM.nextBytes(seed);
        return new CloneIdentity(vmName.replace('_', '-'), seed, Instant.now(), hostKey);
    }

    /** The shell line that applies it (POSIX sh; the hostname is one of VmNames' safe names). */
    String shellLine() {
        return "echo " + hostname + " >/proc/sys/kernel/hostname"
                + " && echo " + hostname + " >/etc/hostname"
                + " && echo " + HexFormat.of().formatHex(seed) + " >/dev/urandom"
                + " && date -u -s @" + now.getEpochSecond() + " >/dev/null"
                + " && { [ ! -f /etc/hosts ] || { hosts=; while IFS= read -r line || [ -n \"$line\" ]; do"
                + " case $line in 127.0.1.1[[:space:]]*) line='127.0.1.1 " + hostname + "' ;; esac;"
                + " hosts=\"$hosts$line\n\"; done </etc/hosts; printf %s \"$hosts\" >/etc/hosts; }; }"
                + " && " + hostKeyLine();
    }

    /**
     * Installs the clone's host key where our init does at boot (/etc/ssh, /etc/dropbear). OpenSSH's
     * sshd reads its keys anew for every connection; dropbear loads them once, so its listener is
     * started again with the same arguments (sessions open now keep running) and awaited on port 22.
     */
    private String hostKeyLine() {
        Base64.Encoder base64 = Base64.getEncoder();
        return "(umask 077; if [ -d /etc/dropbear ]; then rm -f /etc/dropbear/dropbear_*_host_key && echo "
                + base64.encodeToString(hostKey.dropbear()) + " | base64 -d >/etc/dropbear/" + HostKey.DROPBEAR_FILE
                + " || exit 1; fi"
                + "; if [ -d /etc/ssh ]; then rm -f /etc/ssh/ssh_host_* && echo "
                + base64.encodeToString(hostKey.openSsh().getBytes(StandardCharsets.US_ASCII))
                + " | base64 -d >/etc/ssh/" + HostKey.OPENSSH_FILE + " && echo '" + hostKey.publicLine()
                + "' >/etc/ssh/" + HostKey.PUBLIC_FILE + " && chmod 644 /etc/ssh/" + HostKey.PUBLIC_FILE + " || exit 1; fi"
                + "; read -r pid </var/run/dropbear.pid 2>/dev/null && [ -d /proc/$pid ] || exit 0"
                + "; set -- $(tr '\\0' ' ' </proc/$pid/cmdline); kill $pid"
                + "; while [ -d /proc/$pid ]; do sleep 0.01; done; \"$@\" || exit 1"
                + "; n=0; until grep -q ':0016 00000000:0000 0A' /proc/net/tcp; do"
                + " n=$((n+1)); [ $n -lt 300 ] || exit 1; sleep 0.01; done)";
    }
}
