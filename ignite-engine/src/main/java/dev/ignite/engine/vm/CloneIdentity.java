package dev.ignite.engine.vm;

import dev.ignite.engine.host.ShellQuoting;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a clone changes when it wakes up as its template: its hostname (kernel, /etc/hostname, the
 * 127.0.1.1 line of /etc/hosts), fresh randomness from the host, the host's time, as Firecracker's
 * docs advise for clones, a machine-id of its own (where the image has one), and its environment
 * block in /etc/environment (templates have none). One shell line of builtins but {@code date}:
 * every process costs a freshly restored TCG guest tens of milliseconds. Copied files travel apart
 * (SFTP).
 */
record CloneIdentity(String hostname, byte[] seed, Instant now, Map<String, String> env) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The block our init writes into /etc/environment from a config drive, written the same way here. */
    private static final String ENV_BEGIN = "# ignite-begin (written at boot from the VM's config drive)";
    private static final String ENV_END = "# ignite-end";

    static CloneIdentity fresh(String vmName, Map<String, String> env) {
        byte[] seed = new byte[64];
        RANDOM.nextBytes(seed);
        // date -s takes whole seconds: the nearest one keeps the clock within half a second of the host's.
        Instant now = Instant.ofEpochSecond(Math.round(System.currentTimeMillis() / 1000.0));
        return new CloneIdentity(VmNames.hostname(vmName), seed, now, Map.copyOf(env));
    }

    /** 32 hex digits, as systemd's machine-id(5) asks; from the clone's own random bytes. */
    String machineId() {
        return HexFormat.of().formatHex(Arrays.copyOfRange(seed, 48, 64));
    }

    /** The shell line that applies it (POSIX sh; the hostname is one of VmNames' safe names). */
    String shellLine() {
        return "echo " + hostname + " >/proc/sys/kernel/hostname"
                + " && echo " + hostname + " >/etc/hostname"
                + " && echo " + HexFormat.of().formatHex(seed) + " >/dev/urandom"
                + " && date -u -s @" + now.getEpochSecond() + " >/dev/null"
                + " && { [ ! -s /etc/machine-id ] || echo " + machineId() + " >/etc/machine-id; }"
                + " && { [ ! -f /etc/hosts ] || { hosts=; while IFS= read -r line || [ -n \"$line\" ]; do"
                + " case $line in 127.0.1.1[[:space:]]*) line='127.0.1.1 " + hostname + "' ;; esac;"
                + " hosts=\"$hosts$line\n\"; done </etc/hosts; printf %s \"$hosts\" >/etc/hosts; }; }"
                + environmentLine();
    }

    private String environmentLine() {
        if (env.isEmpty()) {
            return "";
        }
        return " && printf '%s\\n' " + ShellQuoting.quote(ENV_BEGIN) + " "
                + env.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ShellQuoting.quote(ShellQuoting.requireVariableName(e.getKey()) + "=" + e.getValue()))
                .collect(Collectors.joining(" "))
                + " " + ShellQuoting.quote(ENV_END) + " >>/etc/environment";
    }
}
