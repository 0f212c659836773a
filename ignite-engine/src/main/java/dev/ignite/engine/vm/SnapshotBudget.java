package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.Setting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The disk budget of the store's templates: when they take more than it, the least recently used
 * that no VM is made from are removed first. Sizes are what the files really take on disk (memory
 * files and disks are sparse), as {@code du} counts them.
 */
final class SnapshotBudget {
    static final long DEFAULT_BYTES = 4L << 30;

    /** A template with what the budget weighs: its bytes on disk and when a clone was last made from it. */
    record Entry(String id, long bytes, java.time.Instant lastUsed) {
    }

    private SnapshotBudget() {
    }

    /** The budget in bytes from {@link Setting#SNAPSHOT_BUDGET}: a number with an optional K, M, G or T. */
    static long configured() {
        return Setting.SNAPSHOT_BUDGET.value().map(value -> parse(value, Setting.SNAPSHOT_BUDGET.source()))
                .orElse(DEFAULT_BYTES);
    }

    static long parse(String value, String source) {
        String text = value.strip().toUpperCase(Locale.ROOT);
        if (!text.matches("[0-9]+[KMGT]?")) {
            throw new IgniteException(source + " must be a size like 4G, 500M or 0 (keep no unused templates),"
                    + " but was: " + value);
        }
        char unit = text.charAt(text.length() - 1);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
        return number << shift;
    }

    /**
     * Which templates to remove, least recently used first, until the rest fit the budget; templates in
     * {@code keep} (in use, or just made) are never chosen, even when the rest cannot fit without them.
     */
    static List<String> overBudget(List<Entry> entries, long budget, Set<String> keep) {
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        List<String> remove = new ArrayList<>();
        for (Entry entry : entries.stream().sorted(Comparator.comparing(Entry::lastUsed)).toList()) {
            if (total <= budget) {
                break;
            }
            if (!keep.contains(entry.id())) {
                remove.add(entry.id());
                total -= entry.bytes();
            }
        }
        return remove;
    }

    /** Bytes the folder takes on disk. */
    static long bytesOnDisk(Path folder) {
        var result = HostCommand.run(List.of("du", "-s", "-B1", folder.toString()), null, Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new IgniteException("cannot measure template " + folder + ": " + result.stderr().strip());
        }
        return Long.parseLong(result.stdout().strip().split("\\s+")[0]);
    }
}
