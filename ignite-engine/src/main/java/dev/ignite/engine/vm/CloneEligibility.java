package dev.ignite.engine.vm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a VM can be a clone of a template, and the one log line per reason when it cannot: such a
 * VM boots cold, which is correct but slow, and a user should learn why without a line per VM.
 */
final class CloneEligibility {
    private static final Logger LOG = LoggerFactory.getLogger(CloneEligibility.class);
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private CloneEligibility() {
    }

    /** Why this spec cannot be restored from a template, or empty when it can. */
    static Optional<String> whyNot(VmSpec spec) {
        if (!spec.volumes().isEmpty()) {
            return Optional.of("it has volumes (a template cannot carry mounts of disks its clones do not share)");
        }
        return Optional.empty();
    }

    /** Logs, once per reason in this JVM, that VMs like this one boot cold; true the first time. */
    static boolean tellOnce(VmSpec spec, String reason) {
        if (!TOLD.add(reason)) {
            return false;
        }
        LOG.info("VM of {} boots cold, not as a clone: {} (said once)", spec.image(), reason);
        return true;
    }
}
