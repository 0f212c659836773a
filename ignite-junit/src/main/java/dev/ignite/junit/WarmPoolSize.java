package dev.ignite.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How many clones of each {@code @MicroVM} definition the run keeps restored ahead, so that a test's
 * VM is handed over at once: configuration parameter {@value #WARM_POOL} (0 turns the pools off);
 * by default JUnit's parallelism (1 in a serial run), and none when {@value VmSlots#MAX_VMS} is set
 * (it bounds the VMs that exist, idle ones included), never more than it. The engine bounds each
 * pool by the host's free memory too.
 */
final class WarmPoolSize {
    static final String WARM_POOL = "ignite.junit.warmPool";
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
    private static final String STRATEGY = "junit.jupiter.execution.parallel.config.strategy";
    private static final String FIXED = "junit.jupiter.execution.parallel.config.fixed.parallelism";
    private static final String FACTOR = "junit.jupiter.execution.parallel.config.dynamic.factor";

    private WarmPoolSize() {
    }

    static int of(ExtensionContext context) {
        // maxVms bounds the VMs that exist at once, and a pool's idle clones exist: set, it turns the default off.
        boolean bounded = context.getConfigurationParameter(VmSlots.MAX_VMS).isPresent();
        int size = context.getConfigurationParameter(WARM_POOL, Integer::parseInt)
                .orElseGet(() -> bounded ? 0 : parallelism(context));
        if (size < 0) {
            throw new IllegalArgumentException("configuration parameter " + WARM_POOL + " must be 0 (no pool) or more"
                    + " but was: " + size);
        }
        return Math.min(size, context.getConfigurationParameter(VmSlots.MAX_VMS, Integer::parseInt)
                .orElse(Integer.MAX_VALUE));
    }

    private static int parallelism(ExtensionContext context) {
        if (!context.getConfigurationParameter(PARALLEL, Boolean::parseBoolean).orElse(false)) {
            return 1;
        }
        String strategy = context.getConfigurationParameter(STRATEGY).orElse("dynamic");
        if (strategy.equalsIgnoreCase("fixed")) {
            return context.getConfigurationParameter(FIXED, Integer::parseInt).orElse(1);
        }
        double factor = context.getConfigurationParameter(FACTOR, Double::parseDouble).orElse(1.0);
        return Math.max(1, (int) (factor * Runtime.getRuntime().availableProcessors()));
    }
}
