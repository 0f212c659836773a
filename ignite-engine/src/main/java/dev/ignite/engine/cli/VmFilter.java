package dev.ignite.engine.cli;

import dev.ignite.engine.vm.VmRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * {@code ps --filter KEY=VALUE}, with Docker's rules: values of one key are alternatives, different
 * keys must all match. Keys: {@code id} (prefix), {@code name} (part of the name), {@code label}
 * ({@code KEY} or {@code KEY=VALUE}), {@code state} ({@code running}, {@code stopped}, {@code created},
 * {@code failed}; {@code status} is accepted too), {@code image} and {@code kernel} (the name the VM
 * was made with, or an ID prefix).
 */
final class VmFilter implements Predicate<VmRecord> {
    private static final Map<String, BiPredicate<VmRecord, String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("id", (vm, v) -> vm.id().startsWith(v));
        KEYS.put("name", (vm, v) -> vm.name() != null && vm.name().contains(v));
        KEYS.put("label", VmFilter::hasLabel);
        KEYS.put("state", (vm, v) -> vm.state().name().equalsIgnoreCase(v));
        KEYS.put("image", (vm, v) -> v.equals(vm.spec().image()) || vm.imageId().startsWith(v));
        KEYS.put("kernel", (vm, v) -> v.equals(vm.spec().kernel()) || vm.kernelId().startsWith(v));
    }

    private final Map<String, List<String>> wanted;

    private VmFilter(Map<String, List<String>> wanted) {
        this.wanted = wanted;
    }

    /** Parses {@code KEY=VALUE} filters; an unknown key or a missing {@code =} is a {@link UsageError}. */
    static VmFilter parse(List<String> filters) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("filter '" + filter + "' is not KEY=VALUE; keys: " + String.join(", ", KEYS.keySet()));
            }
            String key = filter.substring(0, eq).toLowerCase(Locale.ROOT);
            key = key.equals("status") ? "state" : key;
            if (!KEYS.containsKey(key)) {
                throw new UsageError("unknown filter key '" + filter.substring(0, eq) + "'; keys: "
                        + String.join(", ", KEYS.keySet()));
            }
            wanted.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(filter.substring(eq + 1));
        }
        return new VmFilter(wanted);
    }

    /** A state filter asks for VMs that need not be running, so {@code ps} then lists all VMs, as Docker does. */
    boolean namesState() {
        return wanted.containsKey("state");
    }

    @Override
    public boolean test(VmRecord vm) {
        return wanted.entrySet().stream().allMatch(key -> key.getValue().stream()
                .anyMatch(value -> KEYS.get(key.getKey()).test(vm, value)));
    }

    private static boolean hasLabel(VmRecord vm, String filter) {
        int eq = filter.indexOf('=');
        Map<String, String> labels = vm.spec().labels();
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
