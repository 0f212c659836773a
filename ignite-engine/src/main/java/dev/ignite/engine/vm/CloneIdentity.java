package dev.ignite.engine.vm;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a clone changes when it wakes up as its template: its hostname (kernel, /etc/hostname, the
 * 127.0.1.1 line of /etc/hosts), fresh randomness from the host and the host's time, as
 * Firecracker's docs advise for clones. One shell line of builtins but {@code date}: every process
 * costs a freshly restored TCG guest tens of milliseconds.
 */
record CloneIdentity(String hostname, byte[] seed, Instant now) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static CloneIdentity fresh(String vmName) {
        byte[] seed = new byte[64];
        RANDOM.nextBytes(seed);
        return new CloneIdentity(VmNames.hostname(vmName), seed, Instant.now());
    }

    /** The shell line that applies it (POSIX sh; the hostname is one of VmNames' safe names). */
    String shellLine() {
        return "echo " + hostname + " >/proc/sys/kernel/hostname"
                + " && echo " + hostname + " >/etc/hostname"
                + " && echo " + HexFormat.of().formatHex(seed) + " >/dev/urandom"
                + " && date -u -s @" + now.getEpochSecond() + " >/dev/null"
                + " && { [ ! -f /etc/hosts ] || { hosts=; while IFS= read -r line || [ -n \"$line\" ]; do"
                + " case $line in 127.0.1.1[[:space:]]*) line='127.0.1.1 " + hostname + "' ;; esac;"
                + " hosts=\"$hosts$line\n\"; done </etc/hosts; printf %s \"$hosts\" >/etc/hosts; }; }";
    }
}
